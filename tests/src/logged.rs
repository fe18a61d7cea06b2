//! Every record a test binary logs, to assert on what an operator would read.

use std::sync::{Mutex, Once, PoisonError};

struct Recorder(Mutex<Vec<(log::Level, String)>>);

impl log::Log for Recorder {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((record.level(), record.args().to_string()));
    }

    fn flush(&self) {}
}

static RECORDER: Recorder = Recorder(Mutex::new(Vec::new()));

/// Records everything logged from now on, at every level down to `debug`; the first call in
/// a test binary installs the recorder, later ones do nothing.
///
/// # Panics
///
/// When something else in the test binary installed a logger first.
pub fn record() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        log::set_logger(&RECORDER).expect("the only logger of this binary");
        log::set_max_level(log::LevelFilter::Debug);
    });
}

/// Every record so far, as `(level, message)`.
pub fn records() -> Vec<(log::Level, String)> {
    RECORDER
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone()
}
