// input: {course, saved}; decodes saved, then returns what the LMS would be given (encode) and
// what a reloaded page would be handed (encode for a handover), with the held attempts read back.
var state = new sb.State(input.course);
assert.ok(state.decode(input.saved), "the record is readable");
var handover = state.encode(0, true);
var back = new sb.State(input.course);
assert.ok(back.decode(handover), "the handover is readable");
var held = {};
for (var id in back.quizzes) { if (back.quizzes[id].h) { held[id] = back.quizzes[id].h; } }
return {lms: JSON.parse(state.encode(0)), handover: JSON.parse(handover), held: held, dropped: state.dropped};
