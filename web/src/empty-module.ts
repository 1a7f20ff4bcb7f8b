// Stand-in for polyfills of what every browser the web app supports already has (`string.prototype.repeat`, which
// @mattermost/commonmark imports for its side effect and which would bring ~14 KB brotli of es-abstract with it).
export {};
