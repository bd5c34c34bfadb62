//! The pipeline every run goes through — `build`, `build --check` and `check`, and the tests,
//! fuzz target and benchmarks too: load the config and the posts → assemble the site → plan
//! the outputs ([`crate::build::plan`]) → render posts and write each output as soon as its posts
//! are ready ([`crate::build::schedule`]) → stage → commit (or compare).

pub mod budget;
pub mod plan;
pub mod report;
pub mod schedule;
pub mod store;

use rayon::prelude::*;

use std::path::{Path, PathBuf};

use self::report::{BuildReport, FeedListing};
use self::store::RenderedPosts;
use crate::build::plan::{OutputKind, Plan, PlannedOutput};
use crate::error::{Diagnostic, Error};
use crate::output::{FlushScope, InputRole, Inputs, Mode, Staging, resolved};
use crate::settings::{RunMode, Settings};
use crate::site::{FeedGroup, Site};
use crate::{progress, source};

/// Runs a whole build (or check): nothing is written unless every input is valid and every
/// output rendered.
pub fn build(settings: &Settings) -> Result<BuildReport, Error> {
    build_with_progress(settings, &progress::Silent)
}

/// [`build`], reporting progress to `progress`.
pub fn build_with_progress(
    settings: &Settings,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs.unwrap_or(0))
        .thread_name(|i| format!("feedsmith-{i}"))
        .build()
        .map_err(|err| Error::system("start worker threads", err))?;
    let result = pool.install(|| build_in_pool(settings, progress));
    progress.finish();
    result
}

fn build_in_pool(
    settings: &Settings,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let config = settings.config.clone();
    let found = source::discover(
        &config.content_dir,
        &config.exclude,
        config.language.as_deref(),
    )?;
    let loaded = source::load_posts(&found.files, &config, progress)?;
    let mut site = Site::assemble(config, loaded.posts, settings.selection)?;
    let mut warnings = found.warnings;
    warnings.extend(source::template_warnings(
        site.entries.iter().map(|entry| &entry.post),
    ));
    for entry in &site.entries {
        warnings.extend(source::post_warnings(&entry.post, &site.config));
    }
    warnings.append(&mut site.warnings);
    if settings.deny_warnings && !warnings.is_empty() {
        return Err(Error::DeniedWarnings(warnings));
    }

    let mode = match settings.mode {
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
    let staging = Staging::new(&site.config.output_dir, mode, settings.sync)
        .with_inputs(inputs_of(&settings.config_file, &found.files, &site));
    if mode == Mode::Write {
        staging.recover()?;
    }
    let posts = RenderedPosts::new_near(&site.config.output_dir, site.entries.len());
    let summarized = render_outputs(&site, &groups, &posts, &staging, progress)?;
    let mut budget_warnings = match site.config.feeds.max_bytes {
        Some(budget) => budget::warnings(summarized, budget),
        None => Vec::new(),
    };
    // Known only once the posts are rendered; nothing is committed yet.
    if settings.deny_warnings && !budget_warnings.is_empty() {
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
                path: file.path.clone(),
            })
        })
        .collect();
    drop(groups);
    posts.store().release().map_err(|source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    })?;
    let files = match mode {
        Mode::Write => staging.commit()?,
        Mode::Compare => staging.preview()?,
    };
    warnings.append(&mut budget_warnings);
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
        mode: settings.mode,
        posts_read: found.files.len(),
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files,
        warnings,
        feeds,
        pings: Vec::new(),
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
    posts: &RenderedPosts,
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
    schedule::render_posts(site, posts, &order, &body_of, |stored| {
        progress.advance(stored - rendered);
        rendered = stored;
        let ready = written + outputs[written..].partition_point(|(needs, _)| *needs <= stored);
        outputs[written..ready]
            .par_iter()
            .try_for_each(|(_, output)| {
                match (&output.kind, site.config.feeds.max_bytes) {
                    (OutputKind::Feed(group, file), Some(budget)) => {
                        let fitted = budget::fit(&site.config, group, file, budget, posts)?;
                        staging.add(&output.path, |out| out.write_all(&fitted.bytes))?;
                        let mut summarized = summarized.lock().unwrap_or_else(|e| e.into_inner());
                        summarized.extend(
                            fitted
                                .summarized
                                .into_iter()
                                .map(|post| (post, output.path.clone())),
                        );
                    }
                    _ => staging.add(&output.path, |out| plan.render(output, posts, out))?,
                }
                progress.advance(1);
                Ok::<(), Error>(())
            })?;
        written = ready;
        if stored < order.len() {
            // Rendered posts that spilled to disk are on the outputs' file system: flushing
            // all of it would write them out too.
            staging.flush_in_background(match posts.store().spilled() {
                false => FlushScope::FileSystem,
                true => FlushScope::NewlyStaged,
            });
        }
        Ok(())
    })?;
    Ok(summarized.into_inner().unwrap_or_else(|e| e.into_inner()))
}
