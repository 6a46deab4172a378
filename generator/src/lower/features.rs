//! Cargo features that compile one group of operations each: a user who
//! calls five operations of a 400-operation API compiles their types only.
//!
//! An operation's group is its first tag, else the first segment of its
//! path after those every path starts with (`/v1/customers` → `customers`). Each group is a feature, named after it in snake case; `full`
//! (on by default) turns on all of them. A feature compiles its operations,
//! their builders, enums and stubs, and every type they reach through the
//! type graph; a type every group reaches is always compiled, any other
//! carries `#[cfg(any(feature = …))]` for the groups that reach it. A type
//! no operation reaches is always compiled, or with `full` when it uses a
//! type some group leaves out. An API with a single group gets no features.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{GroupFeature, Operation, Outcome, TypeDef, TypeRef, visit};
use crate::naming::{self, Namespace};

/// Feature names a group cannot take: the crate's own and Cargo's.
const RESERVED: &[&str] = &["default", "full", "rustls", "rustls-aws-lc-rs", "native-tls", "middleware", "mock"];

/// Names each operation's group as a feature, and says which features need
/// each type and each per-operation enum.
pub(super) fn group_features(
    operations: &mut [Operation],
    types: &BTreeMap<String, TypeDef>,
) -> (Vec<GroupFeature>, BTreeMap<String, Vec<String>>) {
    // Untagged operations group by the first path segment after the ones
    // every path starts with (`/v1`), skipping parameters.
    let common = common_segments(operations);
    for op in operations.iter_mut().filter(|op| op.feature.is_none()) {
        let segment = op.path_template.split('/').filter(|s| !s.is_empty()).skip(common).find(|s| !s.starts_with('{'));
        op.feature = Some(format!("path `/{}`", segment.unwrap_or_default()));
    }
    let groups: BTreeSet<String> = operations.iter().filter_map(|op| op.feature.clone()).collect();
    // Groups whose names read alike (tag `Subscriptions`, path `/subscriptions`) are one.
    let mut names = Namespace::with_reserved(RESERVED);
    let mut by_name: BTreeMap<String, String> = BTreeMap::new();
    let named: BTreeMap<String, String> = groups
        .into_iter()
        .map(|group| {
            let name = naming::snake(group.split('`').nth(1).unwrap_or(&group));
            let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("group_{name}") } else { name };
            let claimed = by_name.entry(name.clone()).or_insert_with(|| names.claim(&name)).clone();
            (group, claimed)
        })
        .collect();
    let mut features: BTreeMap<String, GroupFeature> = BTreeMap::new();
    for op in operations.iter_mut() {
        let Some(group) = op.feature.take() else { continue };
        let name = named[&group].clone();
        let feature = features.entry(name.clone()).or_insert_with(|| GroupFeature { name: name.clone(), source: String::new(), operations: 0 });
        feature.operations += 1;
        if !feature.source.split(", ").any(|source| source == group) {
            if !feature.source.is_empty() {
                feature.source.push_str(", ");
            }
            feature.source.push_str(&group);
        }
        op.feature = Some(name);
    }
    if features.len() < 2 {
        for op in operations.iter_mut() {
            op.feature = None;
        }
        return (Vec::new(), BTreeMap::new());
    }

    // Which features reach each type, over the type graph built once.
    let graph = TypeGraph::new(types);
    let feature_index: BTreeMap<&String, usize> = features.keys().enumerate().map(|(index, name)| (name, index)).collect();
    let mut reached: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); graph.names.len()];
    for op in operations.iter() {
        let Some(feature) = op.feature.as_ref().map(|name| feature_index[name]) else { continue };
        let mut pending = Vec::new();
        visit::in_operation(op, &mut |ty| pending.extend(graph.index_of(ty)));
        while let Some(node) = pending.pop() {
            if reached[node].insert(feature) {
                pending.extend_from_slice(&graph.edges[node]);
            }
        }
    }
    let feature_names: Vec<&String> = features.keys().collect();
    let everyone = features.len();
    let mut item_features: BTreeMap<String, Vec<String>> = graph
        .names
        .iter()
        .zip(&reached)
        // A type no operation reaches (a component kept for its name) is
        // always compiled too.
        .filter(|(_, needs)| !needs.is_empty() && needs.len() < everyone)
        .map(|(name, needs)| ((*name).clone(), needs.iter().map(|&feature| feature_names[feature].clone()).collect()))
        .collect();

    // A type no operation reaches (a component kept for its name) that uses
    // one some feature leaves out is compiled with `full`.
    let gated: Vec<bool> = reached.iter().map(|needs| !needs.is_empty() && needs.len() < everyone).collect();
    for start in (0..graph.names.len()).filter(|&node| reached[node].is_empty()) {
        let mut seen = vec![false; graph.names.len()];
        let mut pending = vec![start];
        let mut uses_gated = false;
        while let Some(node) = pending.pop() {
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            uses_gated |= gated[node];
            pending.extend_from_slice(&graph.edges[node]);
        }
        if uses_gated {
            item_features.insert(graph.names[start].clone(), vec!["full".to_string()]);
        }
    }

    // A per-operation enum is needed by its operation, and by every
    // operation whose enum is an alias of it.
    let mut enums: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for op in operations.iter() {
        let Some(feature) = &op.feature else { continue };
        for outcome in [&op.success, &op.error] {
            let Outcome::Enum(status_enum) = outcome else { continue };
            enums.entry(status_enum.name.clone()).or_default().insert(feature.clone());
            if let Some(target) = &status_enum.same_as {
                enums.entry(target.clone()).or_default().insert(feature.clone());
            }
        }
    }
    item_features.extend(enums.into_iter().map(|(name, needs)| (name, needs.into_iter().collect())));
    (features.into_values().collect(), item_features)
}

/// How many leading path segments every operation's path shares.
fn common_segments(operations: &[Operation]) -> usize {
    let mut paths = operations.iter().map(|op| op.path_template.split('/').filter(|s| !s.is_empty()).collect::<Vec<_>>());
    let Some(first) = paths.next() else { return 0 };
    paths.fold(first.len(), |common, path| first.iter().zip(&path).take(common).take_while(|(a, b)| a == b).count())
}

/// The named types as numbered nodes, each with the types its definition
/// names: walking it costs an index per step, not a map lookup by name.
struct TypeGraph<'t> {
    names: Vec<&'t String>,
    index: BTreeMap<&'t str, usize>,
    edges: Vec<Vec<usize>>,
}

impl<'t> TypeGraph<'t> {
    fn new(types: &'t BTreeMap<String, TypeDef>) -> Self {
        let names: Vec<&String> = types.keys().collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(node, name)| (name.as_str(), node)).collect();
        let mut graph = Self { names, index, edges: Vec::new() };
        graph.edges = types
            .values()
            .map(|def| {
                let mut targets = Vec::new();
                visit::in_type(&def.kind, &mut |ty| targets.extend(graph.index_of(ty)));
                targets
            })
            .collect();
        graph
    }

    /// The node of a named type reference; `None` for any other reference, or
    /// a name with no definition.
    fn index_of(&self, ty: &TypeRef) -> Option<usize> {
        let TypeRef::Named(name) = ty else { return None };
        self.index.get(name.as_str()).copied()
    }
}
