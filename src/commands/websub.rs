//! The step after a commit: telling WebSub hubs (a W3C Recommendation) which feeds changed,
//! so subscribers hear of a new post at once instead of at their next poll. A hub gets the
//! publish request hubs accept (`POST`, form-encoded `hub.mode=publish&hub.url=<feed>`), once
//! per changed feed; a failure is retried with a growing pause, then reported — the outputs
//! stay committed either way.
//!
//! The HTTP client is `ureq`: small, blocking (a build is a batch job with nothing else to do
//! while it waits), maintained, and with `rustls` it needs no system TLS library.

use std::time::Duration;

use url::Url;

use crate::error::Diagnostic;
use crate::pipeline::report::{BuildReport, Ping, PingFailure};
use crate::settings::{RunMode, Settings};

/// How long one request may take, all in.
const TIMEOUT: Duration = Duration::from_secs(10);

/// The pauses before the second and third tries.
const BACKOFF: [Duration; 2] = [Duration::from_millis(250), Duration::from_millis(1000)];

/// After a build's commit: tells the config's hubs of the feeds whose bytes changed, when
/// the settings ask for it (`--ping` or `websub.ping`, in `build` mode), and adds what came
/// of it to `report` — a failure as a warning, the outputs being committed either way.
pub fn announce(settings: &Settings, report: &mut BuildReport) {
    let hubs = &settings.config.websub.hubs;
    if settings.mode != RunMode::Build || !settings.ping || hubs.is_empty() {
        return;
    }
    let changed: Vec<Url> = report
        .feeds
        .iter()
        .filter(|feed| report.files.written.contains(&feed.path))
        .filter_map(|feed| Url::parse(&feed.url).ok())
        .collect();
    report.pings = ping(hubs, &changed);
    report
        .warnings
        .extend(report.pings.iter().filter_map(|ping| {
            let error = ping.outcome.as_ref().err()?;
            Some(Diagnostic::general(format!(
                "WebSub hub {} was not told that {} changed: {error} (the outputs are committed)",
                ping.hub, ping.feed
            )))
        }));
}

/// Tells every hub of every feed in `feeds`.
pub fn ping(hubs: &[Url], feeds: &[Url]) -> Vec<Ping> {
    // A redirect is reported as the hub's answer: followed, a client turns the POST into a
    // GET of the new address, and the status of that GET says nothing of the ping.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut pings = Vec::new();
    for hub in hubs {
        for feed in feeds {
            pings.push(Ping {
                hub: hub.to_string(),
                feed: feed.to_string(),
                outcome: publish(&agent, hub, feed),
            });
        }
    }
    pings
}

/// One publish request, tried up to three times.
fn publish(agent: &ureq::Agent, hub: &Url, feed: &Url) -> Result<u16, PingFailure> {
    let mut outcome = try_once(agent, hub, feed);
    for pause in BACKOFF {
        if outcome.is_ok() {
            break;
        }
        std::thread::sleep(pause);
        outcome = try_once(agent, hub, feed);
    }
    outcome
}

fn try_once(agent: &ureq::Agent, hub: &Url, feed: &Url) -> Result<u16, PingFailure> {
    let response = agent
        .post(hub.as_str())
        .send_form([("hub.mode", "publish"), ("hub.url", feed.as_str())])
        // ureq's error is neither `Clone` nor comparable, as a report's parts are: its words.
        .map_err(|err| PingFailure::Unreachable(err.to_string()))?;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok());
    match ((200..300).contains(&status), location) {
        (true, _) => Ok(status),
        (false, Some(location)) if (300..400).contains(&status) => Err(PingFailure::Redirect {
            status,
            location: location.to_owned(),
        }),
        (false, _) => Err(PingFailure::Status(status)),
    }
}
