//! Recovery after a killed commit: a build killed at any step of its commit loses nothing and
//! orphans nothing, and what the next build finds in the output folder steers nothing. A
//! planted or damaged journal, backup or staging folder is an error that names it, and not a
//! file moves anywhere in the site.

use std::os::unix::fs::symlink;

use crate::support::{CONFIG, Site, stderr, whole_tree};

const OLD_A: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [old, both]\n---\nA\n";
const B: &str = "---\ntitle: B\ndate: 2024-01-02\ndescription: d\ntags: [both]\n---\nB\n";
const NEW_A: &str =
    "---\ntitle: A2\ndate: 2024-01-01\ndescription: d\ntags: [new, both]\n---\nA2\n";

fn site_with(a: &str) -> Site {
    Site::with(CONFIG, &[("a.md", a), ("b.md", B)])
}

/// The output folder's files, crash folders left out.
fn outputs(site: &Site) -> Vec<(String, Vec<u8>)> {
    match site.path("public").exists() {
        true => site
            .snapshot_dir("public")
            .into_iter()
            .filter(|(name, _)| !name.starts_with(".feedsmith-"))
            .collect(),
        false => Vec::new(),
    }
}

fn crash_folders(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.path("public"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".feedsmith-") && name != ".feedsmith-manifest")
        .collect()
}

/// A build of the new posts over the old outputs, killed before commit step `step` (no
/// destructor runs, as with `kill -9`); the steps go on through the removal of the backups
/// folder once the commit is through, so a kill there is tried too (the journal must go
/// last, or recovery finds backups nothing names). False when there are fewer steps.
fn kill_at(site: &Site, step: usize) -> bool {
    site.write("content/a.md", NEW_A);
    let output = site.run_with_env(
        "",
        &["build"],
        &[
            ("FEEDSMITH_FAULT_COMMIT_STEP", &step.to_string()),
            ("FEEDSMITH_FAULT_COMMIT_KILL", "1"),
        ],
    );
    match output.status.code() {
        Some(137) => true,
        Some(0) => false,
        other => panic!("step {step}: exit {other:?}: {}", stderr(&output)),
    }
}

#[test]
fn a_build_killed_at_any_commit_step_is_put_right_by_the_next() {
    let state = |a: &str| {
        let site = site_with(a);
        site.build(&[]);
        outputs(&site)
    };
    let (old, new) = (state(OLD_A), state(NEW_A));
    let mut step = 0;
    loop {
        // The next build is of the new posts, or of the old ones again: either way exactly
        // that state, so no file the killed build had put in place is orphaned.
        for (next, expected) in [(NEW_A, &new), (OLD_A, &old)] {
            let site = site_with(OLD_A);
            site.build(&[]);
            if !kill_at(&site, step) {
                assert!(step > 10, "the commit had {step} steps");
                return;
            }
            assert!(
                !crash_folders(&site).is_empty(),
                "step {step}: a kill leaves its journal"
            );
            for (name, bytes) in outputs(&site) {
                let known = |state: &[(String, Vec<u8>)]| {
                    state.iter().any(|(n, b)| *n == name && *b == bytes)
                };
                assert!(known(&old) || known(&new), "step {step}: {name} is torn");
            }
            site.write("content/a.md", next);
            site.build(&[]);
            assert_eq!(&outputs(&site), expected, "killed at step {step}");
            assert_eq!(crash_folders(&site), Vec::<String>::new(), "step {step}");
        }
        step += 1;
    }
}

/// One thing planted in the output folder: what it is, how to plant it, the path the error
/// must name (relative to the site folder) and what it must say of it.
type Planted = (&'static str, Box<dyn Fn(&Site)>, &'static str, &'static str);

/// What an attacker (or a damaged disk) may leave in the output folder.
fn planted() -> Vec<Planted> {
    let journal = |site: &Site, folder: &str, text: &str| {
        site.write(&format!("{folder}/%journal"), text);
    };
    vec![
        (
            "an escaping backup named in its journal",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                journal(site, folder, "backup ../../planted.txt\n");
                site.write(&format!("{folder}/..%2F..%2Fplanted.txt"), "planted");
            }),
            "public/.feedsmith-replaced-evil/%journal",
            "names `../../planted.txt` on line 1, which is not a path inside the output folder",
        ),
        (
            "an escaping backup and no journal",
            Box::new(|site: &Site| {
                site.write(
                    "public/.feedsmith-replaced-evil/..%2F..%2Fplanted.txt",
                    "planted",
                );
            }),
            "public/.feedsmith-replaced-evil/..%2F..%2Fplanted.txt",
            "is in a backups folder that has no journal",
        ),
        (
            "an absolute path in the journal",
            Box::new(move |site: &Site| {
                journal(
                    site,
                    "public/.feedsmith-replaced-evil",
                    "backup feed.xml\nmanifest /etc/cron.d/x\n",
                );
            }),
            "public/.feedsmith-replaced-evil/%journal",
            "names `/etc/cron.d/x` on line 2, which is not a path inside the output folder",
        ),
        (
            "a journal line feedsmith never writes",
            Box::new(move |site: &Site| {
                journal(
                    site,
                    "public/.feedsmith-replaced-evil",
                    "# comment\nmove id_rsa feed.xml\n",
                );
            }),
            "public/.feedsmith-replaced-evil/%journal",
            "has a line feedsmith never writes (line 2)",
        ),
        (
            "a backup the journal does not name",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                journal(site, folder, "backup feed.xml\n");
                site.write(&format!("{folder}/id_rsa"), "key");
            }),
            "public/.feedsmith-replaced-evil/id_rsa",
            "is not a backup the commit's journal names",
        ),
        (
            "a backup name that is not feedsmith's encoding of any path",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                journal(site, folder, "backup %2e%2e/x\n");
                site.write(&format!("{folder}/%2e%2e%2Fx"), "x");
            }),
            "public/.feedsmith-replaced-evil/%2e%2e%2Fx",
            "is not a backup the commit's journal names",
        ),
        (
            "a backups folder that is a link to a private folder",
            Box::new(|site: &Site| {
                site.write("secrets/id_rsa", "PRIVATE KEY");
                site.write("secrets/%journal", "backup id_rsa\n");
                symlink(
                    site.path("secrets"),
                    site.path("public/.feedsmith-replaced-evil"),
                )
                .unwrap();
            }),
            "public/.feedsmith-replaced-evil",
            "is a symbolic link where feedsmith keeps a folder of its own",
        ),
        (
            "a journal that is a link",
            Box::new(|site: &Site| {
                site.write("secrets/journal", "backup id_rsa\n");
                std::fs::create_dir(site.path("public/.feedsmith-replaced-evil")).unwrap();
                symlink(
                    site.path("secrets/journal"),
                    site.path("public/.feedsmith-replaced-evil/%journal"),
                )
                .unwrap();
            }),
            "public/.feedsmith-replaced-evil/%journal",
            "is not a file",
        ),
        (
            "a named backup that is a link to a private file",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                site.write("secrets/id_rsa", "PRIVATE KEY");
                journal(site, folder, "backup id_rsa\n");
                symlink(
                    site.path("secrets/id_rsa"),
                    site.path(&format!("{folder}/id_rsa")),
                )
                .unwrap();
            }),
            "public/.feedsmith-replaced-evil/id_rsa",
            "is a symbolic link, and a commit keeps only files in its backups",
        ),
        (
            "a named backup that is a folder",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                journal(site, folder, "backup keys\n");
                site.write(&format!("{folder}/keys/id_rsa"), "PRIVATE KEY");
            }),
            "public/.feedsmith-replaced-evil/keys",
            "is not a file, and a commit keeps only files in its backups",
        ),
        (
            "a backup to put back through a linked folder",
            Box::new(move |site: &Site| {
                let folder = "public/.feedsmith-replaced-evil";
                std::fs::create_dir_all(site.path("outside")).unwrap();
                symlink(site.path("outside"), site.path("public/linked")).unwrap();
                journal(site, folder, "backup linked/feed.xml\n");
                site.write(&format!("{folder}/linked%2Ffeed.xml"), "planted");
            }),
            "public/linked",
            "is in the way of `linked/feed.xml`, which a killed build left to put back",
        ),
        (
            "a staging folder that is a link",
            Box::new(|site: &Site| {
                site.write("secrets/id_rsa", "PRIVATE KEY");
                symlink(
                    site.path("secrets"),
                    site.path("public/.feedsmith-staging-evil"),
                )
                .unwrap();
            }),
            "public/.feedsmith-staging-evil",
            "is a symbolic link where feedsmith keeps a folder of its own",
        ),
        (
            "a file with a backups folder's name",
            Box::new(|site: &Site| site.write("public/.feedsmith-replaced-evil", "x")),
            "public/.feedsmith-replaced-evil",
            "is not a folder, though it has the name of one of feedsmith's",
        ),
        (
            "a folder with the name of a manifest being written",
            Box::new(|site: &Site| site.write("public/.feedsmith-manifest-part-evil/x", "x")),
            "public/.feedsmith-manifest-part-evil",
            "is not a plain file, though it has the name of feedsmith's manifest being written",
        ),
        (
            "a link with the name of a manifest being written",
            Box::new(|site: &Site| {
                site.write("secrets/id_rsa", "PRIVATE KEY");
                symlink(
                    site.path("secrets/id_rsa"),
                    site.path("public/.feedsmith-manifest-part-evil"),
                )
                .unwrap();
            }),
            "public/.feedsmith-manifest-part-evil",
            "is not a plain file, though it has the name of feedsmith's manifest being written",
        ),
    ]
}

#[test]
fn a_backup_never_goes_back_into_the_content_folder() {
    // With the outputs at the site root, a planted journal could name a new post; no commit
    // ever backs up a file in the content folder, so recovery refuses it.
    for original in ["content/new.md", "content/new/deep/index.md"] {
        let site = site_with(OLD_A);
        site.build(&["--out", "."]);
        let folder = ".feedsmith-replaced-evil";
        site.write(
            &format!("{folder}/%journal"),
            &format!("backup {original}\n"),
        );
        let name = original.replace('/', "%2F");
        site.write(
            &format!("{folder}/{name}"),
            "---\ntitle: Planted\ndate: 2024-01-01\n---\n",
        );
        let before = whole_tree(&site);
        let output = site.run(&["build", "--out", "."]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{original}: {}",
            stderr(&output)
        );
        assert_eq!(
            stderr(&output),
            format!(
                "error: `./{folder}/{name}` would be put back as `{original}`, into the content folder `content`, which this build reads; feedsmith did not make it so, and will not act on it: look at it, then remove it and build again\n"
            )
        );
        assert_eq!(whole_tree(&site), before, "{original}");
    }
}

#[test]
fn what_recovery_finds_is_checked_whole_and_a_planted_entry_moves_nothing() {
    for (case, plant, named, why) in planted() {
        let site = site_with(OLD_A);
        site.build(&[]);
        site.write("content/a.md", NEW_A);
        plant(&site);
        let before = whole_tree(&site);
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{case}: {}", stderr(&output));
        assert_eq!(
            stderr(&output),
            format!(
                "error: `{}` {why}; feedsmith did not make it so, and will not act on it: look at it, then remove it and build again\n",
                named
            ),
            "{case}"
        );
        assert_eq!(whole_tree(&site), before, "{case}: nothing moved");
        assert!(!site.path("planted.txt").exists() && !site.path("../planted.txt").exists());
    }
}

#[test]
fn a_journal_torn_before_it_was_whole_is_cleared() {
    // Killed while writing its journal, a commit had changed nothing: its folder goes.
    let site = site_with(OLD_A);
    site.build(&[]);
    let before = outputs(&site);
    site.write(
        "public/.feedsmith-replaced-torn/%journal-part",
        "backup feed.xml\nmanif",
    );
    site.build(&[]);
    assert_eq!(outputs(&site), before);
    assert_eq!(crash_folders(&site), Vec::<String>::new());
}

#[test]
fn a_manifest_left_half_written_is_removed() {
    // Killed between writing the manifest's temporary file and renaming it into place, a
    // build leaves the temporary file: the next build removes it and changes nothing else.
    let site = site_with(OLD_A);
    site.build(&[]);
    let before = outputs(&site);
    site.write(
        "public/.feedsmith-manifest-part-Xy12Ab",
        "# Files written by feedsmith; stale ones are removed on the next build.\nfeed.x",
    );
    site.build(&[]);
    assert_eq!(outputs(&site), before);
    assert_eq!(crash_folders(&site), Vec::<String>::new());
}
