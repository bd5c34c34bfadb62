//! What sits beside the build: `feedsmith init` ([`init`]), the id ledger's `ids init`
//! ([`ids`]), the preview server ([`serve`]), and the WebSub pings a build sends after its
//! commit ([`websub`]).

pub mod ids;
pub mod init;
pub mod serve;
pub mod websub;
