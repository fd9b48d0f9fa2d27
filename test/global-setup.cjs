// A throw-away HOME for the whole run: see global-home.cjs.
module.exports = require('./global-home.cjs').setup;
