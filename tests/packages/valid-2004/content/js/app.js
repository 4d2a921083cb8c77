var api = window.API_1484_11 || (window.parent && window.parent.API_1484_11);
if (api) { api.Initialize(""); }
