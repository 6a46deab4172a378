//! Where the types go: one `types.rs`, or, for an API of hundreds of
//! operations split into group features, a folder `types/` with a file per
//! group. A type only one group needs lives in that group's file (compiled
//! with its feature); every other type lives in `types/shared.rs`. The files'
//! types are re-exported from `types`, so every path stays `types::Name`.
//! Reviewers read a group's types in one file, and a diff names the group.

use std::collections::BTreeMap;

use crate::ir::{GroupFeature, TypeDef, TypeModule};
use crate::naming::{self, Namespace};

/// From this many operations (with group features), the types get a file per group.
const FILE_PER_GROUP_FROM: usize = 100;

/// The module of the types every group may need.
const SHARED: &str = "shared";

/// The type files, in emit order: `shared` first, then the groups by name;
/// none when the types stay in one `types.rs`.
pub(super) fn type_modules(
    operations: usize,
    features: &[GroupFeature],
    item_features: &BTreeMap<String, Vec<String>>,
    types: &BTreeMap<String, TypeDef>,
) -> Vec<TypeModule> {
    if operations < FILE_PER_GROUP_FROM || features.len() < 2 {
        return Vec::new();
    }
    // `self`, `super` and `crate` cannot be module names, even raw.
    let mut names = Namespace::with_reserved(&[SHARED, "self", "super", "crate", "mod"]);
    let mut modules: Vec<TypeModule> = vec![TypeModule { name: SHARED.to_string(), feature: None, types: Vec::new() }];
    let mut by_feature: BTreeMap<&str, usize> = BTreeMap::new();
    for feature in features {
        let base = if naming::is_raw_keyword(&feature.name) { format!("{}_types", feature.name) } else { feature.name.clone() };
        by_feature.insert(&feature.name, modules.len());
        modules.push(TypeModule { name: names.claim(&base), feature: Some(feature.name.clone()), types: Vec::new() });
    }
    for name in types.keys() {
        let module = match item_features.get(name).map(Vec::as_slice) {
            Some([feature]) => by_feature.get(feature.as_str()).copied().unwrap_or(0),
            _ => 0,
        };
        modules[module].types.push(name.clone());
    }
    modules.retain(|module| module.feature.is_none() || !module.types.is_empty());
    modules
}
