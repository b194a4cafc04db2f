import fc from 'fast-check';

// Ink draws only the last frame when it believes it runs in CI (is-in-ci reads CI when Ink is
// imported). The UI tests read every frame, so the test workers run as an ordinary terminal would.
process.env.CI = '0';
process.env.CONTINUOUS_INTEGRATION = '0';

// Property tests are reproducible: one seed for every fc.assert unless FC_SEED asks for another
// (a failure prints its seed and path, so any run can be replayed exactly).
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20241122) });
