// input: {course: course data, records: [suspend_data strings]}. Decodes each as a resume would,
// then does what the pages do with it (encode, the answers of each quiz, isAnswered, grade).
// Returns the failures: [{record, error}] (none expected: a corrupt record must never break a page).
var failures = [];
input.records.forEach(function (text) {
  try {
    var state = new sb.State(input.course);
    state.decode(text);
    JSON.parse(state.encode(3276));
    Object.keys(input.course.quizzes).forEach(function (id) {
      var quiz = input.course.quizzes[id];
      var answers = state.answerList(id);
      quiz.questions.forEach(function (q, i) {
        if (sb.isAnswered(q, answers[i])) { sb.grade(q, answers[i]); }
      });
      state.storeAnswers(id, answers);
    });
  } catch (e) {
    failures.push({record: text, error: String(e && e.stack || e)});
  }
});
return failures;
