// input: {course: course data, saved: a suspend_data string, budget: optional}; returns State.encode(budget) after decode.
var state = new sb.State(input.course);
assert.ok(state.decode(input.saved), "the record is readable");
return state.encode(input.budget);
