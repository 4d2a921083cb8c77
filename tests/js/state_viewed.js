// input: {course, saved}; returns the ids of the pages the decoded record marks viewed, and what was dropped.
var state = new sb.State(input.course);
assert.ok(state.decode(input.saved), "the record is readable");
return {viewed: input.course.pages.filter(function (p) { return state.viewed[p.id]; }).map(function (p) { return p.id; }),
        dropped: state.dropped, quizzes: Object.keys(state.quizzes).filter(function (id) { return state.quizzes[id].n > 0; })};
