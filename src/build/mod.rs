//! The pipeline every run goes through — `build`, `build --check` and `check`, and the tests,
//! fuzz target and benchmarks too: load the config and the posts → assemble the site → plan
//! the outputs ([`crate::build::plan`]) → render posts and write each output as soon as its posts
//! are ready ([`crate::build::schedule`]) → stage → commit (or compare).

pub mod budget;
pub mod plan;
pub mod schedule;
pub mod store;

use rayon::prelude::*;

use std::path::{Path, PathBuf};

use crate::build::plan::{OutputKind, Plan, PlannedOutput};
use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error};
use crate::output::{FlushScope, InputRole, Inputs, Mode, Staging, resolved};
use crate::report::{BuildReport, FeedListing};
use crate::site::{FeedGroup, Site};
use crate::{BuildOptions, RunMode, progress, root, source};

/// Runs a whole build (or check): nothing is written unless every input is valid and every
/// output rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_with_progress(options, &progress::Silent)
}

/// [`build`], reporting progress to `progress`.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .thread_name(|i| format!("feedsmith-{i}"))
        .build()
        .map_err(|err| Error::Environment(format!("cannot start worker threads: {err}")))?;
    let result = pool.install(|| build_in_pool(options, progress));
    progress.finish();
    result
}

fn build_in_pool(
    options: &BuildOptions,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let mut config = SiteConfig::load_with(&options.config, options.base_url.as_deref())?;
    // The config's folders are the site's, wherever the build runs from.
    let in_site = |path: &Path| root::in_site(&options.site_root, path);
    config.content_dir = in_site(&config.content_dir);
    config.output_dir = in_site(&config.output_dir);
    config.static_dir = config.static_dir.as_deref().map(in_site);
    if let Some(dir) = &options.content_dir {
        config.content_dir = dir.clone();
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = dir.clone();
    }
    check_folders(&config.content_dir, &config.output_dir)?;
    let found = source::discover(
        &config.content_dir,
        &config.exclude,
        config.language.as_deref(),
    )?;
    let loaded = source::load_posts(&found.files, &config, progress)?;
    let mut site = Site::assemble(config, loaded.posts, options.selection)?;
    let mut warnings = found.warnings;
    warnings.extend(source::template_warnings(
        site.entries.iter().map(|entry| &entry.post),
    ));
    for entry in &site.entries {
        warnings.extend(source::post_warnings(&entry.post, &site.config));
    }
    warnings.append(&mut site.warnings);
    if options.deny_warnings && !warnings.is_empty() {
        return Err(Error::DeniedWarnings(warnings));
    }

    let mode = match options.mode {
        RunMode::Build => Mode::Write,
        RunMode::BuildCheck | RunMode::Check => Mode::Compare,
    };
    let groups = site.feed_groups();
    // Held until the run ends (declared before the staging, so it is released after the
    // staging folder is gone): a second build into the same folder would mix two sets of
    // renames and manifests.
    let _lock = match mode {
        Mode::Write => Some(lock_output(&site.config.output_dir)?),
        Mode::Compare => None,
    };
    let staging = Staging::new(&site.config.output_dir, mode, options.sync).with_inputs(inputs_of(
        &options.config,
        &found.files,
        &site,
    ));
    if mode == Mode::Write {
        staging.recover()?;
    }
    let summarized = render_outputs(&site, &groups, &staging, progress)?;
    let mut budget_warnings = match site.config.feeds.max_bytes {
        Some(budget) => budget::warnings(summarized, budget),
        None => Vec::new(),
    };
    // Known only once the posts are rendered; nothing is committed yet.
    if options.deny_warnings && !budget_warnings.is_empty() {
        return Err(Error::DeniedWarnings(budget_warnings));
    }
    // Archive pages are parts of their feeds, not feeds to list or announce.
    let subscriptions = || groups.iter().filter(|group| group.is_subscription());
    let feeds = subscriptions()
        .flat_map(|group| {
            group.files.iter().map(|file| FeedListing {
                title: group.feed.title.clone(),
                format: file.format,
                url: file.url.to_string(),
            })
        })
        .collect();
    // Each feed file's path and URL, for the pings after the commit.
    let feed_files: Vec<(String, url::Url)> = subscriptions()
        .flat_map(|group| group.files.iter())
        .map(|file| (file.path.clone(), file.url.clone()))
        .collect();
    drop(groups);
    site.content.release().map_err(|source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    })?;
    let files = match mode {
        Mode::Write => staging.commit()?,
        Mode::Compare => staging.preview()?,
    };
    warnings.append(&mut budget_warnings);
    // After the commit: hubs hear only of feeds whose bytes changed.
    let mut pings = Vec::new();
    let hubs = &site.config.websub.hubs;
    if mode == Mode::Write && (options.ping || site.config.websub.ping) && !hubs.is_empty() {
        let changed: Vec<url::Url> = feed_files
            .iter()
            .filter(|(path, _)| files.written.iter().any(|written| written == path))
            .map(|(_, url)| url.clone())
            .collect();
        pings = crate::commands::websub::ping(hubs, &changed);
        warnings.extend(pings.iter().filter_map(|ping| {
            let error = ping.outcome.as_ref().err()?;
            Some(Diagnostic::general(format!(
                "WebSub hub {} was not told that {} changed: {error} (the outputs are committed)",
                ping.hub, ping.feed
            )))
        }));
    }
    warnings.extend(files.kept_inputs.iter().map(|path| {
        Diagnostic::file(
            &site.config.output_dir.join(path),
            "named in the output folder's manifest, but left in place: it is an input of this build",
        )
    }));
    warnings.extend(files.kept_behind_links.iter().map(|path| {
        Diagnostic::file(
            &site.config.output_dir.join(path),
            "no longer produced, but left in place: its path goes through a symbolic link inside the output folder, and removing it could delete a file outside",
        )
    }));
    let without_description = site
        .entries
        .iter()
        .filter(|entry| entry.post.description.is_none())
        .map(|entry| entry.post.source_path.clone())
        .collect();
    Ok(BuildReport {
        without_description,
        mode: options.mode,
        posts_read: found.files.len(),
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files,
        warnings,
        feeds,
        pings,
    })
}

/// What the build reads, which no output may replace: the config file, every post file found
/// (drafts and future posts too), the static files read for enclosures and media, and the
/// content folder as a whole.
fn inputs_of(config_file: &Path, posts: &[source::PostFile], site: &Site) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.file(config_file, InputRole::Config);
    inputs.folder(&site.config.content_dir, InputRole::ContentFolder);
    for post in posts {
        inputs.file(&post.path, InputRole::Post);
    }
    for entry in &site.entries {
        for media in [&entry.post.cover_media, &entry.post.enclosure_media]
            .into_iter()
            .flatten()
        {
            inputs.file(&media.path, InputRole::Media);
        }
    }
    inputs
}

/// Refuses folders that would lose a site's files: a content "folder" that is a file (a build
/// would find no post and remove every feed it wrote before), and an output folder that is
/// the file system's root, the home folder, or the content folder or one inside it.
fn check_folders(content_dir: &Path, output_dir: &Path) -> Result<(), Error> {
    if content_dir.exists() && !content_dir.is_dir() {
        return Err(Error::Environment(format!(
            "`{}` is not a folder: the content folder (`--content`, `content_dir`) holds the posts",
            content_dir.display()
        )));
    }
    let output = resolved(output_dir);
    let refused = |why: &str| {
        Err(Error::Environment(format!(
            "`{}` is {why}; feedsmith will not write its outputs there (choose a folder of their own, such as `public`)",
            output_dir.display()
        )))
    };
    if output.parent().is_none() {
        return refused("the file system's root");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|home| !home.is_empty())
        && output == resolved(Path::new(&home))
    {
        return refused("the home folder");
    }
    if output.starts_with(resolved(content_dir)) {
        return refused("the content folder or inside it");
    }
    Ok(())
}

/// Takes the advisory lock that lets one build at a time write to `output_dir`: on the
/// folder itself, or on its nearest existing parent while it does not exist yet (so no file
/// or folder is created for it). A second build waits for the first to finish: failing
/// instead would make CI jobs that share a folder flaky.
fn lock_output(output_dir: &Path) -> Result<std::fs::File, Error> {
    let folder = resolved(output_dir);
    let existing = folder
        .ancestors()
        .find(|dir| dir.is_dir())
        .unwrap_or(Path::new("/"));
    let handle = std::fs::File::open(existing).map_err(|source| Error::Read {
        path: existing.to_path_buf(),
        source,
    })?;
    handle.lock().map_err(|source| Error::Write {
        path: existing.to_path_buf(),
        source,
    })?;
    Ok(handle)
}

/// Renders the posts the feeds include and every output the plan lists for `site` (its feeds
/// being `groups`, from [`Site::feed_groups`]) into `staging`, streaming each file, on the
/// thread pool. Each output is written as soon as the posts it includes are rendered (the
/// sitemap and OPML at once), while later posts still render: on a synced build the disk then
/// takes in most outputs while the CPU is busy, instead of all of them at the end. Returns
/// the posts that some feed file carries with their summary only to fit `feeds.max_bytes`,
/// each with that file.
fn render_outputs(
    site: &Site,
    groups: &[FeedGroup<'_>],
    staging: &Staging,
    progress: &dyn progress::Progress,
) -> Result<Vec<(PathBuf, String)>, Error> {
    let plan = Plan::new(site, groups);
    // Every target is checked before any post is rendered, naming what it holds.
    staging.check_targets(
        plan.outputs
            .iter()
            .map(|output| (output.path.as_str(), Some(output.kind.describe()))),
    )?;
    let order = schedule::render_order(groups, site.entries.len());
    let mut outputs: Vec<(usize, &PlannedOutput<'_>)> =
        schedule::readiness(&plan.outputs, &order, site.entries.len())
            .into_iter()
            .zip(&plan.outputs)
            .collect();
    outputs.sort_by_key(|(needs, _)| *needs);

    progress.start("rendering", order.len() + outputs.len());
    let mut written = 0;
    let mut rendered = 0;
    let body_of = |post: &source::Post| source::read_body(post, site.config.max_post_bytes);
    // Posts carried with their summary only to fit the size budget, with the feed file.
    let summarized = std::sync::Mutex::new(Vec::new());
    schedule::render_posts(site, &order, &body_of, |stored| {
        progress.advance(stored - rendered);
        rendered = stored;
        let ready = written + outputs[written..].partition_point(|(needs, _)| *needs <= stored);
        outputs[written..ready]
            .par_iter()
            .try_for_each(|(_, output)| {
                match (&output.kind, site.config.feeds.max_bytes) {
                    (OutputKind::Feed(group, file), Some(budget)) => {
                        let fitted = budget::fit(&site.config, group, file, budget)?;
                        staging.add(&output.path, |out| out.write_all(&fitted.bytes))?;
                        let mut summarized = summarized.lock().unwrap_or_else(|e| e.into_inner());
                        summarized.extend(
                            fitted
                                .summarized
                                .into_iter()
                                .map(|post| (post, output.path.clone())),
                        );
                    }
                    _ => staging.add(&output.path, |out| plan.render(output, out))?,
                }
                progress.advance(1);
                Ok::<(), Error>(())
            })?;
        written = ready;
        if stored < order.len() {
            // Rendered posts that spilled to disk are on the outputs' file system: flushing
            // all of it would write them out too.
            staging.flush_in_background(match site.content.spilled() {
                false => FlushScope::FileSystem,
                true => FlushScope::NewlyStaged,
            });
        }
        Ok(())
    })?;
    Ok(summarized.into_inner().unwrap_or_else(|e| e.into_inner()))
}
