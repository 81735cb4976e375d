// The fake clock is part of the public testing entry; unit tests use the same one.
export { FakeClock, settle } from '../../testing/index.js';
