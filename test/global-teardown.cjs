// Fails the run when a test wrote into the default edu-flow folders: see global-home.cjs.
module.exports = require('./global-home.cjs').teardown;
