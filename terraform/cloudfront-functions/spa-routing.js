// The web distribution's viewer-request function (CloudFront Functions, runtime cloudfront-js-2.0),
// and the local web app's routing rule: local/web runs this same file (README, "The web app").
// The single-page app's own routes (/, /watch/<id>, /my-videos) have no file extension: they get
// /index.html, and the client renders the route. Anything with an extension in its last segment
// (/assets/app-1a2b.js, /config.json, /favicon.svg) goes to the bucket unchanged, so a missing
// file stays a 404 rather than turning into the app's HTML with status 200.
// ES 5.1 only (eslint checks it): the runtime has no require, no modules and no Node globals.

/* exported handler */
function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
