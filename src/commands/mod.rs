//! What sits beside the build: `feedsmith init` ([`init`]), the preview server
//! ([`serve`]), and the WebSub pings a build sends after its commit ([`websub`]).

pub mod init;
pub mod serve;
pub mod websub;
