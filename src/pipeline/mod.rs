//! The pipeline every run goes through — `build`, `build --check` and `check`, and the tests,
//! fuzz target and benchmarks too: find and read the posts → assemble the site → plan the
//! outputs ([`plan`]) → run the body stage once per post in the order that completes feeds
//! soonest ([`schedule`]), keeping rendered posts in the store ([`store`]) and writing each
//! output as soon as its posts are in → the sitemap, once every post's images are known →
//! stage → commit (or compare). The build owns what is rendered; the model stays data.

pub(crate) mod budget;
pub(crate) mod plan;
pub(crate) mod report;
pub(crate) mod schedule;
pub(crate) mod store;

use rayon::prelude::*;

use std::path::{Path, PathBuf};

use self::report::{BuildReport, FeedListing};
use self::schedule::KeptFacts;
use self::store::RenderedPosts;
use crate::error::{Diagnostic, Error};
use crate::output::{FlushScope, InputRole, Inputs, LedgerWrite, Mode, Staging, resolved};
use crate::output_path::OnePerFile;
use crate::pipeline::plan::{OutputKind, Plan, PlannedOutput};
use crate::profile::Tool;
use crate::settings::{RunMode, Settings};
use crate::site::{FeedGroup, Site};
use crate::{progress, source};

/// The stack each worker thread reserves: the Liquid engine parses a condition and a
/// property chain by recursion, up to 10,000 parts a tag. A program that builds on its own
/// rayon pool gives its threads as much.
pub const WORKER_STACK_BYTES: usize = 256 << 20;

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
    let result = on_workers(settings.jobs, || build_in_pool(settings, progress));
    progress.finish();
    result
}

/// Runs `run` on the worker threads (`jobs` of them, or one per CPU).
pub(crate) fn on_workers<T: Send>(
    jobs: Option<usize>,
    run: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    // A caller already on a rayon pool (a program that embeds the library, the fuzz target)
    // builds on that pool unless `jobs` asks for a number: a pool per build would start and
    // stop its threads on every call.
    match (rayon::current_thread_index(), jobs) {
        (Some(_), None) => run(),
        _ => rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .thread_name(|i| format!("feedsmith-{i}"))
            // The Liquid engine parses a condition and a property chain by recursion: a
            // post may hold one of thousands of parts (reserved, not used, unless it does).
            .stack_size(WORKER_STACK_BYTES)
            .build()
            .map_err(|err| Error::system("start worker threads", err))?
            .install(run),
    }
}

fn build_in_pool(
    settings: &Settings,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let (site, posts_read, found_warnings) = read_site(settings, progress)?;
    let post_warnings: Vec<Diagnostic> = site
        .entries
        .iter()
        .flat_map(|entry| source::post_warnings(&entry.post, &site.config))
        .collect();
    // What is known before any body is read fails a `--deny-warnings` run at once.
    if settings.deny_warnings
        && !(found_warnings.is_empty() && post_warnings.is_empty() && site.warnings.is_empty())
    {
        let mut warnings = found_warnings;
        warnings.extend(post_warnings);
        warnings.extend(site.warnings.iter().cloned());
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
        .with_inputs(inputs_of(&settings.config_file, &site));
    if mode == Mode::Write {
        staging.recover()?;
    }
    let posts = RenderedPosts::new_near(&site.config.output_dir, site.entries.len());
    let outcome = render_outputs(
        &settings.config_file,
        &site,
        &groups,
        &posts,
        &staging,
        progress,
    )?;
    let mut warnings = found_warnings;
    warnings.extend(body_warnings(&site, &outcome.facts, post_warnings));
    let mut budget_warnings = match site.config.feeds.max_bytes {
        Some(budget) => budget::warnings(outcome.summarized, budget),
        None => Vec::new(),
    };
    // Known only once the posts are rendered; nothing is committed yet.
    if settings.deny_warnings && !(warnings.is_empty() && budget_warnings.is_empty()) {
        warnings.append(&mut budget_warnings);
        return Err(Error::DeniedWarnings(warnings));
    }
    let feeds = listings(&groups);
    drop(groups);
    posts.store().release().map_err(|source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    })?;
    let (files, ledger) = finish(settings, &site, staging, mode)?;
    warnings.append(&mut budget_warnings);
    warnings.extend(kept_warnings(&site.config.output_dir, &files));
    let without_description = site
        .entries
        .iter()
        .filter(|entry| entry.post.description.is_none())
        .map(|entry| entry.post.source_path.clone())
        .collect();
    Ok(BuildReport {
        without_description,
        mode: settings.mode,
        posts_read,
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files,
        warnings,
        feeds,
        pings: Vec::new(),
        tool: site.config.profile.tool.map(Tool::name),
        tool_files: site.config.site_values.files.clone(),
        ledger,
    })
}

/// Commits the outputs and the ledger's changes (or, comparing, says what would change):
/// the files, and what the ledger records anew.
fn finish(
    settings: &Settings,
    site: &Site,
    staging: Staging,
    mode: Mode,
) -> Result<(crate::output::WriteReport, Option<report::LedgerChanges>), Error> {
    // A staging build or a preview applies the ledger's ids but records nothing: its
    // permalinks are not the ones readers see.
    let ledger_update = site.ledger_update.as_ref().filter(|_| settings.records_ids);
    let files = match mode {
        Mode::Write => {
            let write = ledger_update.map(|update| LedgerWrite {
                path: &update.path,
                new_text: &update.new_text,
                old_text: &update.old_text,
            });
            staging.commit_with_ledger(write, settings.sync)?
        }
        Mode::Compare => staging.preview()?,
    };
    let changes = ledger_update.map(|update| report::LedgerChanges {
        path: update.path.clone(),
        added: update.added.clone(),
        followed: update.followed.clone(),
    });
    Ok((files, changes))
}

/// The warnings in the order a reader takes them in, after the content folder's: the posts'
/// template syntax (from their body's pass, `facts`), each post's own (`posts`), the site's,
/// then the references no post answers.
fn body_warnings(
    site: &Site,
    facts: &[(usize, KeptFacts)],
    posts: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let path = |index: usize| site.entries[index].post.source_path.as_path();
    let mut warnings = crate::body::template_warnings(
        facts
            .iter()
            .map(|(index, facts)| (path(*index), &facts.removed[..])),
    );
    warnings.extend(posts);
    warnings.extend(site.warnings.iter().cloned());
    warnings.extend(facts.iter().flat_map(|(index, facts)| {
        facts.unresolved.iter().map(move |(target, line)| {
            Diagnostic::at(
                path(*index),
                *line,
                1,
                format!("reference to \"{target}\": no published post by that name; published as the link's text alone, without a URL"),
            )
        })
    }));
    warnings
}

/// The subscription feeds, each file once, for `--verbose` and the pings. Archive pages are
/// parts of their feeds, not feeds to list or announce.
fn listings(groups: &[FeedGroup<'_>]) -> Vec<FeedListing> {
    groups
        .iter()
        .filter(|group| group.is_subscription())
        .flat_map(|group| {
            group.files.iter().map(|file| FeedListing {
                title: group.feed.title.clone(),
                format: file.format,
                url: file.url.to_string(),
                path: file.path.clone(),
            })
        })
        .collect()
}

/// The site of `settings`: its posts and section pages found and read, assembled, the
/// custom feeds' filters checked against them; with how many post files were read and the
/// warnings so far.
pub(crate) fn read_site(
    settings: &Settings,
    progress: &dyn progress::Progress,
) -> Result<(Site, usize, Vec<Diagnostic>), Error> {
    let config = settings.config.clone();
    let languages = Some(&config.languages);
    let mut found = source::discover(
        &config.content_dir,
        &config.exclude,
        languages,
        config.profile.templates_are_posts(),
    )?;
    let loaded = source::load_posts(&found.files, &config, progress);
    // What could not be read is reported with the posts' own problems, all in one run.
    let loaded = match (std::mem::take(&mut found.unreadable), loaded) {
        (unreadable, Ok(loaded)) if unreadable.is_empty() => loaded,
        (mut unreadable, Err(Error::Content(problems))) => {
            unreadable.extend(problems);
            return Err(Error::Content(unreadable));
        }
        (unreadable, Ok(_)) => return Err(Error::Content(unreadable)),
        (_, Err(other)) => return Err(other),
    };
    let (section_pages, section_warnings) = source::read_sections(
        &found.section_pages,
        &config.content_dir,
        languages,
        &config.profile,
    );
    // The file list is not needed past here; a big site's is hundreds of megabytes.
    let posts_read = found.files.len();
    let mut warnings = config.warnings.clone();
    warnings.extend(found.warnings);
    warnings.extend(loaded.left_out_warning());
    warnings.extend(section_warnings);
    drop(found.files);
    let site = Site::assemble(config, loaded.posts, &section_pages, settings.selection)?;
    site.config.check_filters(&site.names())?;
    warnings.extend(site.empty_custom_feeds());
    Ok((site, posts_read, warnings))
}

/// Warnings for the stale files a commit left in place: inputs a manifest named, and those
/// behind a symbolic link.
fn kept_warnings(output_dir: &Path, files: &crate::output::WriteReport) -> Vec<Diagnostic> {
    let inputs = files.kept_inputs.iter().map(|path| {
        Diagnostic::file(
            &output_dir.join(path),
            "named in the output folder's manifest, but left in place: it is an input of this build",
        )
    });
    let behind_links = files.kept_behind_links.iter().map(|path| {
        Diagnostic::file(
            &output_dir.join(path),
            "no longer produced, but left in place: its path goes through a symbolic link inside the output folder, and removing it could delete a file outside",
        )
    });
    inputs.chain(behind_links).collect()
}

/// What the build reads, which no output may replace: the config file, the content folder as
/// a whole (every post file is in it: links are never followed), and the static files read
/// for enclosures and media.
fn inputs_of(config_file: &Path, site: &Site) -> Inputs {
    let mut inputs = Inputs::default();
    inputs.file(config_file, InputRole::Config);
    inputs.folder(&site.config.content_dir, InputRole::ContentFolder);
    if let Some(ledger) = &site.config.ledger {
        inputs.file(&ledger.path, InputRole::Ledger);
    }
    if let Some(static_dir) = &site.config.static_dir {
        let read = site.entries.iter().flat_map(|entry| {
            [&entry.post.cover_media, &entry.post.enclosure_media]
                .into_iter()
                .flatten()
                .filter_map(|media| media.path.strip_prefix(static_dir).ok())
                .map(Path::to_path_buf)
        });
        inputs.files_in(static_dir, read, InputRole::Media);
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

/// What rendering found besides the outputs.
struct Rendered {
    /// The posts some feed file carries with their summary only to fit `feeds.max_bytes`,
    /// each with that file.
    summarized: Vec<(PathBuf, String)>,
    /// What each post's body pass found (images, template syntax removed, references that
    /// name no post), by position, for the posts where it found anything.
    facts: Vec<(usize, KeptFacts)>,
}

/// Runs the body stage over `site` (its feeds being `groups`, from [`Site::feed_groups`]) and
/// writes every output into `staging`, streaming each file, on the thread pool. Each feed is
/// written as soon as the posts it includes are rendered (the OPML list and the feeds page
/// at once), while later posts still render: on a synced build the disk then takes in most
/// outputs while the CPU is busy, instead of all of them at the end. The sitemap comes last:
/// how many files it takes depends on the images every post's body shows.
fn render_outputs(
    config_file: &Path,
    site: &Site,
    groups: &[FeedGroup<'_>],
    posts: &RenderedPosts,
    staging: &Staging,
    progress: &dyn progress::Progress,
) -> Result<Rendered, Error> {
    let config = &site.config;
    let mut plan = Plan::new(site, groups);
    let mut placed = OnePerFile::default();
    check_targets(&plan, &mut placed, staging, config_file)?;
    let order = schedule::render_order(groups, site.entries.len());
    let images = config.sitemap.output.enabled && config.sitemap.images;
    let facts_only = body_only(site, &order, images);
    let readiness = schedule::readiness(&plan.outputs, &order, site.entries.len());
    let mut outputs: Vec<(usize, &PlannedOutput<'_>)> =
        readiness.into_iter().zip(&plan.outputs).collect();
    outputs.sort_by_key(|(needs, _)| *needs);

    progress.start("rendering", order.len() + outputs.len() + 1);
    let mut written = 0;
    let mut rendered = 0;
    let body_of = |post: &source::Post| source::read_body(post, config.max_post_bytes);
    let summarized = std::sync::Mutex::new(Vec::new());
    let write = |output: &PlannedOutput<'_>| {
        match (&output.kind, config.feeds.max_bytes) {
            (OutputKind::Feed(group, file), Some(budget)) => {
                let fitted = budget::fit(config, group, file, budget, posts)?;
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
    };
    let mut facts = schedule::render_posts(
        site,
        posts,
        &order,
        &facts_only,
        images,
        &body_of,
        |stored| {
            progress.advance(stored - rendered);
            rendered = stored;
            let ready = written + outputs[written..].partition_point(|(needs, _)| *needs <= stored);
            outputs[written..ready]
                .par_iter()
                .try_for_each(|(_, output)| write(output))?;
            written = ready;
            if stored < order.len() {
                // Rendered posts that spilled to disk are on the outputs' file system:
                // flushing all of it would write them out too.
                staging.flush_in_background(match posts.store().spilled() {
                    false => FlushScope::FileSystem,
                    true => FlushScope::NewlyStaged,
                });
            }
            Ok(())
        },
    )?;
    drop(outputs);
    write_sitemap(
        &mut plan,
        &mut facts,
        posts,
        staging,
        (&mut placed, config_file),
    )?;
    progress.advance(1);
    Ok(Rendered {
        summarized: summarized.into_inner().unwrap_or_else(|e| e.into_inner()),
        facts,
    })
}

/// Checks every output `plan` names before any post is rendered: one file each (noted in
/// `placed`, for the config at `config_file`), and a target staging may write, named by what
/// it holds (the sitemap's own file among them; its numbered parts, once planned, again).
fn check_targets(
    plan: &Plan<'_>,
    placed: &mut OnePerFile<usize>,
    staging: &Staging,
    config_file: &Path,
) -> Result<(), Error> {
    plan.check_one_file_each(0..plan.outputs.len(), placed, config_file)?;
    let sitemap = &plan.site.config.sitemap.output;
    let sitemap = sitemap
        .enabled
        .then(|| (sitemap.file.as_str(), Some("the sitemap".to_string())));
    staging.check_targets(
        plan.outputs
            .iter()
            .map(|output| (output.path.as_str(), Some(output.kind.describe())))
            .chain(sitemap),
    )
}

/// Plans the sitemap, now that `facts` has every post's images, checks its files' targets
/// (against the outputs `placed` before, for the config at `config_file`) and writes them.
fn write_sitemap(
    plan: &mut Plan<'_>,
    facts: &mut [(usize, KeptFacts)],
    posts: &RenderedPosts,
    staging: &Staging,
    (placed, config_file): (&mut OnePerFile<usize>, &Path),
) -> Result<(), Error> {
    // Moved into the sitemap's URLs, not copied: they are the biggest part of the facts.
    let mut images_of = |position: usize| {
        let found = facts.binary_search_by_key(&position, |(i, _)| *i).ok()?;
        facts[found].1.sitemap_images.take()
    };
    let sitemap = plan.plan_sitemap(&mut images_of);
    plan.check_one_file_each(sitemap.clone(), placed, config_file)?;
    let sitemap = &plan.outputs[sitemap];
    staging.check_targets(
        sitemap
            .iter()
            .map(|output| (output.path.as_str(), Some(output.kind.describe()))),
    )?;
    sitemap
        .par_iter()
        .try_for_each(|output| staging.add(&output.path, |out| plan.render(output, posts, out)))
}

/// The entries no feed includes (not in `order`) whose body must still be read once: for
/// its template syntax (warnings) and, with `images`, for the images the sitemap lists.
fn body_only(site: &Site, order: &[usize], images: bool) -> Vec<usize> {
    let mut rendered = vec![false; site.entries.len()];
    for &position in order {
        rendered[position] = true;
    }
    site.entries
        .iter()
        .filter(|entry| !rendered[entry.position])
        .filter(|entry| {
            let body = &entry.post.body;
            body.may_have_templates || (images && body.may_have_images)
        })
        .map(|entry| entry.position)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_build_runs_the_body_stage_once_per_post_that_needs_it() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let config = dir.path().join("site.yaml");
        std::fs::write(
            &config,
            "title: T\ndescription: D\nbase_url: https://e.com/\nfeeds: {limit: 2}\ntag_feeds: {enabled: false}\ncategory_feeds: {enabled: false}\n",
        )
        .unwrap();
        // Newest first: two in the feed (one with an image, one with a shortcode), then
        // three only the sitemap lists: an image, a shortcode, plain text.
        let posts = [
            ("a.md", "2024-01-05", "![x](/x.png) {{< unknown >}}"),
            ("b.md", "2024-01-04", "{{< ref \"c.md\" >}}"),
            ("c.md", "2024-01-03", "<img src=\"/y.png\">"),
            ("d.md", "2024-01-02", "{{< figure src=\"/z.png\" >}}"),
            ("e.md", "2024-01-01", "plain"),
        ];
        for (name, date, body) in posts {
            std::fs::write(
                content.join(name),
                format!("---\ntitle: {name}\ndate: {date}\ndescription: d\n---\n{body}\n"),
            )
            .unwrap();
        }
        let out = dir.path().join("out");
        // As `feedsmith build --config … --content … --out … --no-sync` resolves it.
        let cli = <crate::cli::Cli as clap::Parser>::try_parse_from([
            "feedsmith".as_ref(),
            "build".as_ref(),
            "--no-sync".as_ref(),
            "--config".as_ref(),
            config.as_os_str(),
            "--content".as_ref(),
            content.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
        .unwrap();
        let environment = crate::Environment {
            source_date_epoch: Some("1735689600".into()),
            ..crate::Environment::default()
        };
        let settings = crate::Settings::resolve(&cli.command, &environment).unwrap();
        let report = crate::build(&settings).unwrap();
        let mut passes: Vec<String> = crate::body::tests::PASSES
            .lock()
            .unwrap()
            .iter()
            .filter(|path| path.starts_with(&content))
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        passes.sort();
        assert_eq!(
            passes,
            ["a.md", "b.md", "c.md", "d.md"],
            "once each; e.md never"
        );
        // What the one pass found reached the outputs and the warnings.
        let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
        for image in ["x.png", "y.png", "z.png"] {
            assert!(
                sitemap.contains(&format!("https://e.com/{image}")),
                "{image}"
            );
        }
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.message.contains("`unknown` is not one feedsmith knows")),
            "{:?}",
            report.warnings
        );
    }
}
