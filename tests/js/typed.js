// input: {texts: [...]}; returns each text as a fill-in question compares it (normalText).
var question = {type: "fill-in", id: "q", correct: [], caseSensitive: true};
return input.texts.map(function (t) { return sb.grade(question, t).response.text; });
