// input: {shares: [[done, of], ...]}; returns sb.hundredths(done / of) for each.
return input.shares.map(function (p) { return sb.hundredths(p[0] / p[1]); });
