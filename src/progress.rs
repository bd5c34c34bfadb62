//! Progress hooks: the library says which stage a build is in and how far along it is; the
//! binary decides whether to show it (a bar on a terminal for long runs, nothing in CI logs).

/// Receives progress of a build. Calls may come from many threads.
pub trait Progress: Sync {
    /// A stage starts, with `total` steps.
    fn start(&self, _stage: &'static str, _total: usize) {}
    /// `steps` more steps are done.
    fn advance(&self, _steps: usize) {}
    /// The build is over.
    fn finish(&self) {}
}

/// Shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
