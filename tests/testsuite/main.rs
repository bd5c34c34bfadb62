//! feedsmith's integration tests: one binary, one module per concern. Fixture sites live in
//! `tests/fixtures/<case>/in/` and are built by the real binary in a temporary copy.

mod adversarial;
mod archives;
mod author_feeds;
mod boundary;
mod budget;
mod build;
mod determinism;
mod errors;
mod feed_sets;
mod feeds_page;
mod first_run;
mod hugo_templates;
mod hygiene;
mod languages;
mod ledger;
mod liquid;
mod media;
mod migration;
mod podcast;
mod profiles;
mod promises;
mod publisher;
mod recovery;
mod reliability;
mod routes;
mod safety;
mod scale;
mod schemas;
mod serve;
mod sitemap;
mod support;
mod tags;
mod templates;
mod valid_text;
mod websub;
