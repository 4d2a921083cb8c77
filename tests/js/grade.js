// input: {question, answers: [...]}; returns [isAnswered, ok] for each answer.
return input.answers.map(function (a) {
  var answered = sb.isAnswered(input.question, a);
  return [answered, answered ? sb.grade(input.question, a).ok : null];
});
