// Stands in for got's http2-wrapper dependency in the bundle: edu-flow never sets got's `http2`
// option, the only path that reaches it. Any use fails loudly instead of silently.
const unused = () => {
  throw new Error('edu-flow is built without HTTP/2 support in got (scripts/unused-by-edu-flow)');
};
export default {
  get auto() {
    return unused();
  },
  get globalAgent() {
    return unused();
  },
};
