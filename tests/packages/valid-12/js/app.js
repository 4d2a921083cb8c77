/* Finds the LMS API; see https://example.org/api for the algorithm. */
var api = window.API || (window.parent && window.parent.API);
if (api) { api.LMSInitialize(""); }
