// Ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when Ink is
// imported). The UI tests read every frame, so the test workers run as an ordinary terminal would.
process.env.CI = '0';
process.env.CONTINUOUS_INTEGRATION = '0';
