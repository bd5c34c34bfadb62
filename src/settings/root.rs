//! Where the site is. Without `--config`, the config is `config/site.yaml` in the current
//! folder or the nearest folder above it that has one, as cargo finds `Cargo.toml`; the
//! folder holding `config/` is the *site root*, and the paths inside the config
//! (`content_dir`, `output_dir`, `static_dir`) are relative to it, so a build gives the same
//! result from any folder of the site. Paths given on the command line stay relative to the
//! current folder, as a shell user expects.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Where the config is found under a site root.
pub const CONFIG_PATH: &str = "config/site.yaml";

/// The config file to read: `given` (from `--config`) as it is, else the nearest
/// `config/site.yaml` from `start` upwards, as a path relative to `start` (`../..` and so on),
/// so messages name files the way the user would type them.
pub fn find_config(given: Option<&Path>, start: &Path) -> Result<PathBuf, Error> {
    if let Some(given) = given {
        return Ok(given.to_path_buf());
    }
    let absolute = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut up = PathBuf::new();
    for folder in absolute.ancestors() {
        if folder.join(CONFIG_PATH).is_file() {
            return Ok(match up.as_os_str().is_empty() {
                true => PathBuf::from(CONFIG_PATH),
                false => up.join(CONFIG_PATH),
            });
        }
        up.push("..");
    }
    Err(Error::NoSite {
        config: CONFIG_PATH,
        searched: absolute,
    })
}

/// The config to read (`given`, else found from the current folder up) and its site root.
pub fn locate(given: Option<&Path>) -> Result<(PathBuf, PathBuf), Error> {
    let here = std::env::current_dir().unwrap_or_default();
    let config = find_config(given, &here)?;
    let root = site_root(&config);
    Ok((config, root))
}

/// The site root of the config at `config`: the folder holding its `config/` folder, or the
/// config's own folder when that is not named `config` (`--config bench/site.yaml`).
pub fn site_root(config: &Path) -> PathBuf {
    let folder = config.parent().unwrap_or(Path::new(""));
    match folder.file_name() {
        Some(name) if name == "config" => folder.parent().unwrap_or(Path::new("")).to_path_buf(),
        _ => folder.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_is_found_in_the_nearest_folder_above() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("config")).unwrap();
        std::fs::write(site.path().join(CONFIG_PATH), "title: T\n").unwrap();
        let deep = site.path().join("content/2024/notes");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(
            find_config(None, &deep).unwrap(),
            Path::new("../../../config/site.yaml")
        );
        assert_eq!(
            find_config(None, site.path()).unwrap(),
            Path::new(CONFIG_PATH)
        );
        let given = Path::new("elsewhere/site.yaml");
        assert_eq!(find_config(Some(given), &deep).unwrap(), given);
    }

    #[test]
    fn no_config_anywhere_says_how_to_start() {
        let empty = tempfile::tempdir().unwrap();
        // A site in a folder above the temporary one would be found, rightly.
        if empty
            .path()
            .ancestors()
            .any(|dir| dir.join(CONFIG_PATH).is_file())
        {
            return;
        }
        let err = find_config(None, empty.path()).unwrap_err().to_string();
        assert!(
            err.contains("no site here") && err.contains("feedsmith init"),
            "{err}"
        );
    }

    #[test]
    fn the_root_holds_the_config_folder() {
        assert_eq!(site_root(Path::new("config/site.yaml")), Path::new(""));
        assert_eq!(
            site_root(Path::new("../blog/config/site.yaml")),
            Path::new("../blog")
        );
        assert_eq!(
            site_root(Path::new("bench/default.yaml")),
            Path::new("bench")
        );
        assert_eq!(site_root(Path::new("site.yaml")), Path::new(""));
    }
}
