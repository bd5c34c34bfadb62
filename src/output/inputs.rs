//! What a build reads, so that no output it writes or removes is one of those files: the
//! config file, the static files it reads for enclosures, and anything in the content folder
//! (every post among them). Paths are compared with their links resolved, so `--out .` and an
//! output named `content/a.md`, or `--out config` and one named `site.yaml`, are caught
//! however they are spelt.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub(crate) use crate::error::InputRole;

/// The build's inputs, by their resolved paths.
#[derive(Debug, Default)]
pub(crate) struct Inputs {
    /// Resolved path → (the path as the user names it, its role).
    files: BTreeMap<PathBuf, (PathBuf, InputRole)>,
    /// Folders nothing may be written into, likewise.
    folders: Vec<(PathBuf, PathBuf, InputRole)>,
    /// Files known by their path inside a folder: (the folder resolved, as named, the
    /// files' paths inside it, their role).
    within: Vec<(PathBuf, PathBuf, HashSet<PathBuf>, InputRole)>,
}

impl Inputs {
    /// Adds the file at `path`.
    pub(crate) fn file(&mut self, path: &Path, role: InputRole) {
        self.files
            .entry(resolved(path))
            .or_insert_with(|| (path.to_path_buf(), role));
    }

    /// Adds the folder at `path`: no output may be written anywhere inside it.
    pub(crate) fn folder(&mut self, path: &Path, role: InputRole) {
        self.folders
            .push((resolved(path), path.to_path_buf(), role));
    }

    /// Adds the files at `paths` inside the folder `folder`, resolving only the folder: a
    /// site's static folder may hold thousands of files its posts read, and one
    /// `canonicalize` each would cost a big build dearly.
    pub(crate) fn files_in(
        &mut self,
        folder: &Path,
        paths: impl IntoIterator<Item = PathBuf>,
        role: InputRole,
    ) {
        let paths: HashSet<PathBuf> = paths.into_iter().collect();
        if !paths.is_empty() {
            self.within
                .push((resolved(folder), folder.to_path_buf(), paths, role));
        }
    }

    /// Only the inputs an output in `output_dir` could reach: those inside it, and folders
    /// that hold it. A site whose output folder is apart from its inputs (the usual
    /// `public/`) then resolves no output's path at all.
    pub(crate) fn inside(self, output_dir: &Path) -> Inputs {
        let output_dir = resolved(output_dir);
        let reachable = |path: &Path| path.starts_with(&output_dir) || output_dir.starts_with(path);
        Inputs {
            files: self
                .files
                .into_iter()
                .filter(|(path, _)| reachable(path))
                .collect(),
            folders: self
                .folders
                .into_iter()
                .filter(|(path, _, _)| reachable(path))
                .collect(),
            within: self
                .within
                .into_iter()
                .filter(|(path, _, _, _)| reachable(path))
                .collect(),
        }
    }

    /// The input an output at `target` would replace or land in, as the user names it, with
    /// its role.
    pub(crate) fn at(&self, target: &Path) -> Option<(PathBuf, InputRole)> {
        if self.files.is_empty() && self.folders.is_empty() && self.within.is_empty() {
            return None;
        }
        let target = resolved(target);
        if let Some((path, role)) = self.files.get(&target) {
            return Some((path.clone(), *role));
        }
        for (folder, named, paths, role) in &self.within {
            if let Ok(inside) = target.strip_prefix(folder)
                && paths.contains(inside)
            {
                return Some((named.join(inside), *role));
            }
        }
        self.folders
            .iter()
            .find(|(folder, _, _)| target.starts_with(folder))
            .map(|(_, path, role)| (path.clone(), *role))
    }
}

/// `path` made absolute with its links resolved, as far as it exists (the rest appended).
pub(crate) fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(real, |path: PathBuf, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_input_is_found_however_its_path_is_spelt() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("config")).unwrap();
        std::fs::create_dir_all(root.join("content/sub")).unwrap();
        std::fs::write(root.join("config/site.yaml"), "").unwrap();
        std::os::unix::fs::symlink(root.join("config"), root.join("linked")).unwrap();
        let mut inputs = Inputs::default();
        inputs.file(&root.join("config/site.yaml"), InputRole::Config);
        inputs.folder(&root.join("content"), InputRole::ContentFolder);
        for spelt in [
            "config/site.yaml",
            "config/../config/site.yaml",
            "linked/site.yaml",
        ] {
            assert_eq!(
                inputs.at(&root.join(spelt)).map(|(_, role)| role),
                Some(InputRole::Config),
                "{spelt}"
            );
        }
        for inside in ["content/new.xml", "content/sub/x/feed.xml", "content"] {
            assert_eq!(
                inputs.at(&root.join(inside)).map(|(_, role)| role),
                Some(InputRole::ContentFolder),
                "{inside}"
            );
        }
        for other in ["config/other.yaml", "contents/feed.xml", "public/site.yaml"] {
            assert_eq!(inputs.at(&root.join(other)), None, "{other}");
        }
        // An output folder apart from every input keeps none of them; the site root, which
        // holds them all, keeps each.
        let apart = Inputs::default();
        let mut at_root = Inputs::default();
        at_root.file(&root.join("config/site.yaml"), InputRole::Config);
        at_root.folder(&root.join("content"), InputRole::ContentFolder);
        assert!(
            apart
                .inside(&root.join("public"))
                .at(&root.join("public/x"))
                .is_none()
        );
        let mut public = Inputs::default();
        public.file(&root.join("config/site.yaml"), InputRole::Config);
        public.folder(&root.join("content"), InputRole::ContentFolder);
        let public = public.inside(&root.join("public"));
        assert!(public.files.is_empty() && public.folders.is_empty());
        let at_root = at_root.inside(root);
        assert_eq!(
            at_root
                .at(&root.join("config/site.yaml"))
                .map(|(_, role)| role),
            Some(InputRole::Config)
        );
        assert_eq!(
            at_root.at(&root.join("content/a.md")).map(|(_, role)| role),
            Some(InputRole::ContentFolder)
        );
    }
}
