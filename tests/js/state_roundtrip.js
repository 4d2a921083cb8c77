// input: {course: course data, saved: a suspend_data string}; returns State.encode() after decode.
var state = new sb.State(input.course);
assert.ok(state.decode(input.saved), "the record is readable");
return state.encode();
