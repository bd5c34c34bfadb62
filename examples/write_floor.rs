//! The output floor: the cost of putting a build's output bytes into files, and nothing
//! else. Reads every file under SRC (a finished output folder) into memory, untimed, then
//! times writing the same tree under DEST on THREADS threads and, with `--sync`, one
//! `syncfs` of DEST's file system at the end. Prints the timed seconds, and on Linux the
//! CPU seconds (user + system) of the timed part on stderr.
//!
//! `bench/vs-hugo` sets it beside Hugo and the parity builds: no tool can beat Hugo by more
//! than Hugo's time over this figure on the same machine, whatever it does before writing.
//!
//! `cargo run --release --example write_floor -- SRC DEST THREADS [--sync]`

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: write_floor SRC DEST THREADS [--sync]";
    let [src, dest, threads, rest @ ..] = args.as_slice() else {
        panic!("{usage}");
    };
    let sync = match rest {
        [] => false,
        [flag] if flag == "--sync" => true,
        _ => panic!("{usage}"),
    };
    let (src, dest) = (Path::new(src), PathBuf::from(dest));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.parse().expect("THREADS"))
        .build()
        .unwrap();

    let mut folders = Vec::new();
    let mut files = Vec::new();
    for item in walkdir::WalkDir::new(src).min_depth(1).sort_by_file_name() {
        let item = item.expect("walk SRC");
        let relative = item.path().strip_prefix(src).unwrap().to_path_buf();
        if item.file_type().is_dir() {
            folders.push(relative);
        } else if item.file_type().is_file() {
            files.push((relative, fs::read(item.path()).expect("read SRC")));
        }
    }

    let started = Instant::now();
    let cpu_before = cpu_seconds();
    for folder in &folders {
        fs::create_dir_all(dest.join(folder)).expect("create folder");
    }
    pool.install(|| {
        files
            .par_iter()
            .for_each(|(path, bytes)| fs::write(dest.join(path), bytes).expect("write"));
    });
    if sync {
        flush(&dest);
    }
    println!("{:.2}", started.elapsed().as_secs_f64());
    if let (Some(before), Some(after)) = (cpu_before, cpu_seconds()) {
        eprintln!("cpu {:.2}", after - before);
    }
}

/// User + system CPU time of this process so far, from `/proc/self/stat` (fields 14 and 15,
/// in the kernel's fixed 100 ticks a second); `None` where there is no such file.
fn cpu_seconds() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |field: usize| fields.get(field - 3)?.parse::<f64>().ok();
    Some((ticks(14)? + ticks(15)?) / 100.0)
}

#[cfg(target_os = "linux")]
fn flush(dest: &Path) {
    let folder = fs::File::open(dest).expect("open DEST");
    rustix::fs::syncfs(&folder).expect("syncfs");
}

#[cfg(not(target_os = "linux"))]
fn flush(dest: &Path) {
    for item in walkdir::WalkDir::new(dest) {
        let item = item.expect("walk DEST");
        if item.file_type().is_file() {
            fs::File::open(item.path())
                .and_then(|file| file.sync_all())
                .expect("sync");
        }
    }
}
