// jest globalSetup/globalTeardown: every test run gets a throw-away HOME, so a CLI a test starts
// without its own config or state folder cannot write into the real ~/.config or ~/.local/state.
// The teardown fails the run when anything landed in the default edu-flow folders all the same:
// each test is meant to name its folders (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR).
const { existsSync, mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const DEFAULTS = ['.config/edu-flow', '.local/state/edu-flow'];

async function setup() {
  const home = mkdtempSync(join(tmpdir(), 'edu-flow-test-home-'));
  process.env.EDU_FLOW_TEST_HOME = home;
  process.env.HOME = home;
  delete process.env.XDG_CONFIG_HOME;
  delete process.env.XDG_STATE_HOME;
}

async function teardown() {
  const home = process.env.EDU_FLOW_TEST_HOME;
  if (!home) return;
  const written = DEFAULTS.map((folder) => join(home, folder)).filter((folder) => existsSync(folder) && readdirSync(folder).length > 0);
  rmSync(home, { recursive: true, force: true });
  if (written.length > 0) throw new Error(`a test wrote into the default edu-flow folders (${written.join(', ')}): give it its own EDU_FLOW_CONFIG_DIR / EDU_FLOW_STATE_DIR`);
}

module.exports = { setup, teardown };
