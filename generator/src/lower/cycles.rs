//! Boxes exactly the type uses that close a containment cycle.
//!
//! A struct that holds itself by value (directly, or through other structs,
//! unions or `Option`s) has infinite size. `Vec` and maps already add
//! indirection, so only by-value uses inside one strongly connected component
//! of the "holds by value" graph need a `Box`.

use std::collections::{BTreeMap, HashMap};

use crate::ir::{TypeDef, TypeKind, TypeRef};

pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let component: HashMap<String, usize> = strongly_connected(types)
        .into_iter()
        .map(|(name, id)| (name.to_string(), id))
        .collect();
    let same_cycle = |from: &str, ty: &TypeRef| match ty {
        TypeRef::Named(to) => component.get(from).is_some_and(|c| component.get(to) == Some(c)),
        _ => false,
    };
    for (name, def) in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same_cycle(name, &field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same_cycle(name, &variant.ty);
                }
            }
            // Nothing refers to a form, so it is never on a cycle.
            TypeKind::Enum(_) | TypeKind::Alias(_) | TypeKind::Form(_) => {}
        }
    }
}

/// Named types a type holds by value.
fn by_value(def: &TypeDef) -> Vec<&str> {
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name.as_str()),
            _ => None,
        }
    }
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::Enum(_) | TypeKind::Form(_) => Vec::new(),
    }
}

/// Tarjan's algorithm: type name → component id. Self-loops are components of
/// one whose member holds itself, which `same_cycle` also catches.
fn strongly_connected(types: &BTreeMap<String, TypeDef>) -> HashMap<&str, usize> {
    struct State<'a> {
        types: &'a BTreeMap<String, TypeDef>,
        index: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: HashMap<&'a str, bool>,
        component: HashMap<&'a str, usize>,
        next: usize,
        components: usize,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node, true);
        let edges = state.types.get(node).map(by_value).unwrap_or_default();
        for next in edges {
            let Some((next, _)) = state.types.get_key_value(next) else { continue };
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.get(next).copied().unwrap_or(false) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            while let Some(member) = state.stack.pop() {
                state.on_stack.insert(member, false);
                state.component.insert(member, state.components);
                if member == node {
                    break;
                }
            }
            state.components += 1;
        }
    }
    let mut state = State {
        types,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: HashMap::new(),
        component: HashMap::new(),
        next: 0,
        components: 0,
    };
    for name in types.keys() {
        if !state.index.contains_key(name.as_str()) {
            visit(&mut state, name);
        }
    }
    state.component
}
