//! A spec split across files → one document, as if it had been written as one.
//!
//! Every `$ref` to another file (`other.yaml`, `../dir/x.json#/a/b`, and a
//! local `#/...` inside such a file, which means that file) is replaced:
//! reusable parts (schemas, parameters, responses, …) become components of the
//! entry document and the ref points at them, so a type several files reach is
//! one type; everything else (path items, operations, maps of components) is
//! copied in place. Component names follow Redocly's bundler: the last pointer
//! token, else the file's stem, widened on a clash. Each copied part records
//! which file and pointer it came from, so diagnostics name the file the fault
//! is in. A ref that cannot be followed (a missing or unreadable file, one
//! outside the entry's folder, a remote URL, a cycle of copies) degrades only
//! its own part, with a warning.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::{Value, json};

mod kind;

use kind::Kind::{self, *};
use kind::child_kind;

use super::Move;
use crate::diagnostic::{Warning, pointer_tokens, push_pointer};

/// A file of the spec, by its path relative to the entry file's folder
/// (`/`-separated, so diagnostics are the same on every machine).
type FileKey = String;

/// Where a ref points: a file (`None` for the entry file) and a pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Target {
    file: Option<FileKey>,
    pointer: String,
}

/// Bundles `root` (the entry file at `entry`) in place.
pub(super) fn bundle(root: &mut Value, entry: &Path, swagger2: bool, warnings: &mut Vec<Warning>, notes: &mut Vec<Warning>, moved: &mut Vec<Move>) {
    if !has_external_ref(root) {
        return;
    }
    let folder = entry.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut bundler = Bundler {
        folder,
        entry: entry.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default(),
        swagger2,
        files: HashMap::new(),
        hoisted: HashMap::new(),
        taken: BTreeMap::new(),
        hoists: Vec::new(),
        copying: Vec::new(),
        warnings: Vec::new(),
        notes: Vec::new(),
        moved: Vec::new(),
    };
    bundler.claim_entry_components(root);
    bundler.walk(root, Document, None, "");
    bundler.insert_hoisted(root);
    warnings.append(&mut bundler.warnings);
    notes.append(&mut bundler.notes);
    moved.append(&mut bundler.moved);
}

/// Whether any `$ref` under `value`, extensions aside, leaves the file it is in.
fn has_external_ref(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(k, v)| {
            (k == "$ref" && v.as_str().is_some_and(|r| !r.starts_with('#'))) || (!k.starts_with("x-") && has_external_ref(v))
        }),
        Value::Array(items) => items.iter().any(has_external_ref),
        _ => false,
    }
}

/// What following a ref did to the slot it was in.
enum Resolved {
    /// Not a ref to follow: walk the value as it is.
    Unchanged,
    /// Now a local ref, or a copy that was walked already.
    Replaced,
    /// Could not be followed and has no fallback: remove the slot.
    Removed,
}

fn degrade(slot: &mut Value, kind: Kind) -> Resolved {
    match kind.fallback() {
        Some(fallback) => {
            *slot = fallback;
            Resolved::Replaced
        }
        None => Resolved::Removed,
    }
}

struct Bundler {
    folder: PathBuf,
    /// The entry file's key: a ref to it is a local ref.
    entry: FileKey,
    swagger2: bool,
    /// Every file read so far; `Err` holds why it could not be.
    files: HashMap<FileKey, Result<Value, String>>,
    /// Each hoisted target → its local ref.
    hoisted: HashMap<Target, String>,
    /// Names taken in each components section, and by what.
    taken: BTreeMap<&'static str, HashMap<String, Option<Target>>>,
    /// Hoisted components, each after the ones its content reached.
    hoists: Vec<(&'static str, String, Value)>,
    /// Targets being copied in place, outermost first: a cycle shows up here.
    copying: Vec<Target>,
    warnings: Vec<Warning>,
    notes: Vec<Warning>,
    moved: Vec<Move>,
}

impl Bundler {
    /// A warning at `pointer` in the bundle, located in the file it is in by
    /// the moves made so far (later ones copy other parts).
    fn warn(&mut self, pointer: &str, message: String) {
        let warning = super::locate_warning(&self.moved, &Warning::at(pointer, message));
        self.warnings.push(warning);
    }

    /// A note, located as [`Bundler::warn`] locates a warning.
    fn note(&mut self, pointer: &str, message: String) {
        let note = super::locate_warning(&self.moved, &Warning::at(pointer, message));
        self.notes.push(note);
    }

    fn section_pointer(&self, section: &str) -> String {
        if self.swagger2 { format!("/{section}") } else { format!("/components/{section}") }
    }

    /// The entry document's own components keep their names; a component that
    /// is only a ref to another file takes that file's part under its own name
    /// (Hatchet's `_index.yaml` of `Name: {$ref: file.yaml#/Name}`), so the
    /// part is not hoisted a second time under a name of its own.
    fn claim_entry_components(&mut self, root: &Value) {
        let sections: Vec<&'static str> = kind::HOISTED.iter().filter_map(|kind| kind.section(self.swagger2)).collect();
        for section in sections {
            let at = self.section_pointer(section);
            let Some(mut entries) = root.pointer(&at).cloned() else { continue };
            // A section that is itself a ref names a file of `name: {$ref}`.
            let mut file = None;
            if let Some(reference) = entries.get("$ref").and_then(Value::as_str)
                && let Some(target) = self.target(reference, None)
                && let Ok(found) = self.read(&target, false)
            {
                entries = found;
                file = target.file;
            }
            let Value::Object(entries) = entries else { continue };
            let mut claims = Vec::new();
            for (name, value) in &entries {
                let only_ref = value.as_object().is_some_and(|o| o.len() == 1);
                let target = value
                    .get("$ref")
                    .and_then(Value::as_str)
                    .filter(|_| only_ref)
                    .and_then(|reference| self.target(reference, file.as_ref()))
                    .and_then(|target| self.read_through(target, Schema).ok())
                    .map(|(target, _)| target)
                    .filter(|target| target.file.is_some());
                claims.push((name.clone(), target));
            }
            // A slot named as the part it names (`APIMeta: {$ref: metadata.yaml#/APIMeta}`)
            // defines it there; one named otherwise (`BulkCreateEventResponse: {$ref:
            // event.yaml#/Events}`) is an alias of the part, hoisted under its own name, as
            // Redocly's bundler does.
            // Names are compared as the types they become (`Widget` is `widget.yaml`'s own).
            let same = |a: &str, b: &str| crate::naming::camel(a) == crate::naming::camel(b);
            let own_name = |name: &str, target: &Target| match pointer_tokens(&target.pointer).last() {
                Some(last) => same(last, name),
                None => target.file.as_deref().and_then(|f| Path::new(f).file_stem()).is_some_and(|stem| same(&stem.to_string_lossy(), name)),
            };
            for (name, target) in claims {
                let target = target.filter(|target| own_name(&name, target));
                if let Some(target) = &target {
                    self.hoisted.entry(target.clone()).or_insert_with(|| format!("#{}", push_pointer(&at, &name)));
                }
                self.taken.entry(section).or_default().insert(name, target);
            }
        }
    }

    /// Walks `value` (of `kind`, written in `file`, now at `at` in the bundle).
    fn walk(&mut self, value: &mut Value, kind: Kind, file: Option<&FileKey>, at: &str) {
        match (kind, value) {
            (MapOf(inner), Value::Object(entries)) => {
                let mut removed = Vec::new();
                for (key, entry) in entries.iter_mut() {
                    if !self.visit(entry, *inner, file, &push_pointer(at, key)) {
                        removed.push(key.clone());
                    }
                }
                for key in removed {
                    entries.shift_remove(&key);
                }
            }
            (ListOf(inner), Value::Array(items)) => {
                let mut kept = Vec::with_capacity(items.len());
                for (index, item) in items.iter_mut().enumerate() {
                    kept.push(self.visit(item, *inner, file, &push_pointer(at, &index.to_string())));
                }
                let mut index = 0;
                items.retain(|_| {
                    index += 1;
                    kept[index - 1]
                });
                // Later items moved up: their pointers now name earlier slots.
                let mut now = 0;
                for (before, kept) in kept.iter().enumerate() {
                    if *kept {
                        if now != before {
                            self.moved.push(Move { now: push_pointer(at, &now.to_string()), before: push_pointer(at, &before.to_string()), file: None, batch: None });
                        }
                        now += 1;
                    }
                }
            }
            (MapOf(_) | ListOf(_), _) => {}
            (kind, value) => {
                if kind == Schema {
                    self.discriminator_mapping(value, file, at);
                }
                let Value::Object(entries) = value else { return };
                let mut removed = Vec::new();
                for (key, entry) in entries.iter_mut() {
                    let Some(child) = child_kind(kind, key, self.swagger2) else { continue };
                    // `items` may be a list of schemas (a tuple).
                    let child = if child == Schema && entry.is_array() { ListOf(&Schema) } else { child };
                    if !self.visit(entry, child, file, &push_pointer(at, key)) {
                        removed.push(key.clone());
                    }
                }
                for key in removed {
                    entries.shift_remove(&key);
                }
            }
        }
    }

    /// Follows `value`'s ref if it has one, then walks what is there. Returns
    /// false if the value is to be removed.
    fn visit(&mut self, value: &mut Value, kind: Kind, file: Option<&FileKey>, at: &str) -> bool {
        match self.resolve_in_place(value, kind, file, at) {
            Resolved::Unchanged => {
                self.walk(value, kind, file, at);
                true
            }
            Resolved::Replaced => true,
            Resolved::Removed => false,
        }
    }

    /// If `slot` is a ref this bundler follows, replaces it: by a local ref to
    /// a hoisted component, or by a walked copy of its target.
    fn resolve_in_place(&mut self, slot: &mut Value, kind: Kind, file: Option<&FileKey>, at: &str) -> Resolved {
        let Some(reference) = slot.get("$ref").and_then(Value::as_str).map(String::from) else { return Resolved::Unchanged };
        if reference.starts_with('#') && file.is_none() {
            return Resolved::Unchanged;
        }
        let outcome = kind.describe();
        let Some(target) = self.target(&reference, file) else {
            self.warn(at, format!("`$ref: {reference}` is a remote reference, which is not fetched; {outcome}"));
            return degrade(slot, kind);
        };
        let read = match target.file {
            Some(_) => self.read_through(target, kind),
            None => Ok((target, Value::Null)),
        };
        let (target, found) = match read {
            Ok(found) => found,
            Err(why) => {
                self.warn(at, format!("`$ref: {reference}`: {why}; {outcome}"));
                return degrade(slot, kind);
            }
        };
        // A ref back into the entry file, directly or through aliases, is a local one.
        if target.file.is_none() {
            slot["$ref"] = Value::String(format!("#{}", target.pointer));
            return Resolved::Replaced;
        }
        let defined_here = self.hoisted.get(&target).is_some_and(|local| local[1..] == *at);
        if let (Some(section), false) = (kind.section(self.swagger2), defined_here) {
            slot["$ref"] = Value::String(self.hoist(section, kind, &target, found));
            return Resolved::Replaced;
        }
        if self.copying.contains(&target) {
            self.warn(at, format!("`$ref: {reference}` is part of a reference cycle through files; {outcome}"));
            return degrade(slot, kind);
        }
        let unusual = match kind {
            Operation => Some("an operation given as a reference, which OpenAPI does not allow, is read as the operation it names"),
            Text => Some("a text given as a reference, which OpenAPI does not allow, is read from that file"),
            _ => None,
        };
        if let Some(unusual) = unusual {
            self.note(at, format!("`$ref: {reference}`: {unusual}"));
        }
        let siblings: Vec<(String, Value)> = match slot {
            Value::Object(ref_object) => ref_object.iter().filter(|(k, _)| *k != "$ref").map(|(k, v)| (k.clone(), v.clone())).collect(),
            _ => Vec::new(),
        };
        *slot = found;
        if let Value::Object(copy) = slot {
            copy.extend(siblings);
        }
        self.moved.push(Move { now: at.to_string(), before: target.pointer.clone(), file: target.file.clone(), batch: None });
        self.copying.push(target.clone());
        let kept = self.visit(slot, kind, target.file.as_ref(), at);
        self.copying.pop();
        if kept { Resolved::Replaced } else { Resolved::Removed }
    }

    /// Places the `found` part (`target`) into `section` once, returning its local ref.
    fn hoist(&mut self, section: &'static str, kind: Kind, target: &Target, found: Value) -> String {
        if let Some(local) = self.hoisted.get(target) {
            return local.clone();
        }
        let name = self.component_name(section, target);
        let at = push_pointer(&self.section_pointer(section), &name);
        let local = format!("#{at}");
        self.hoisted.insert(target.clone(), local.clone());
        self.taken.entry(section).or_default().insert(name.clone(), Some(target.clone()));
        let mut value = found;
        self.moved.push(Move { now: at.clone(), before: target.pointer.clone(), file: target.file.clone(), batch: None });
        self.copying.push(target.clone());
        if !self.visit(&mut value, kind, target.file.as_ref(), &at) {
            value = kind.fallback().unwrap_or(json!({}));
        }
        self.copying.pop();
        // After its content, as Redocly's bundler adds a component when it leaves it.
        self.hoists.push((section, name, value));
        local
    }

    /// Redocly's rule: the last pointer token, then more tokens joined by `-`,
    /// then `{file stem}_{name}`, then a `-2`, `-3`… suffix.
    fn component_name(&self, section: &str, target: &Target) -> String {
        let taken = self.taken.get(section);
        let free = |name: &str| taken.is_none_or(|taken| taken.get(name).is_none_or(|by| by.as_ref() == Some(target)));
        let mut tokens = pointer_tokens(&target.pointer);
        let mut name = String::new();
        while let Some(token) = tokens.pop() {
            name = if name.is_empty() { token } else { format!("{token}-{name}") };
            if free(&name) {
                return name;
            }
        }
        let file = target.file.as_deref().unwrap_or_default();
        let stem = Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let base = if name.is_empty() { stem } else { format!("{stem}_{name}") };
        let mut name = base.clone();
        let mut serial = 2;
        while !free(&name) {
            name = format!("{base}-{serial}");
            serial += 1;
        }
        name
    }

    /// Discriminator mappings name schemas by ref too (`cat: ./Cat.yaml`).
    fn discriminator_mapping(&mut self, schema: &mut Value, file: Option<&FileKey>, at: &str) {
        let Some(Value::Object(mapping)) = schema.pointer_mut("/discriminator/mapping") else { return };
        let mut updates = Vec::new();
        for (tag, reference) in mapping.iter() {
            let Some(reference) = reference.as_str() else { continue };
            let is_ref = reference.contains('#') || reference.contains('/') || [".yaml", ".yml", ".json"].iter().any(|e| reference.ends_with(e));
            if !is_ref || (reference.starts_with('#') && file.is_none()) {
                continue;
            }
            updates.push((tag.clone(), reference.to_string()));
        }
        for (tag, reference) in updates {
            let at = push_pointer(&push_pointer(&push_pointer(at, "discriminator"), "mapping"), &tag);
            let mut slot = json!({ "$ref": reference });
            if matches!(self.resolve_in_place(&mut slot, Schema, file, &at), Resolved::Replaced)
                && let Some(local) = slot.get("$ref").cloned()
                && let Some(Value::Object(mapping)) = schema.pointer_mut("/discriminator/mapping")
            {
                mapping.insert(tag, local);
            }
        }
    }

    /// The part `target` names; for a part that is hoisted, through any parts
    /// that are only a ref to another (an index file of `Name: {$ref}`), so a
    /// part is one component however many aliases lead to it.
    fn read_through(&mut self, mut target: Target, kind: Kind) -> Result<(Target, Value), String> {
        let mut found = self.read(&target, kind == Text)?;
        if kind.section(self.swagger2).is_none() {
            return Ok((target, found));
        }
        for _ in 0..32 {
            let only_ref = found.as_object().is_some_and(|o| o.len() == 1);
            let Some(next) = found.get("$ref").and_then(Value::as_str).filter(|_| only_ref) else { return Ok((target, found)) };
            let Some(next) = self.target(next, target.file.as_ref()) else { return Ok((target, found)) };
            if next.file.is_none() {
                return Ok((next, found));
            }
            found = self.read(&next, false)?;
            target = next;
        }
        Err("it is part of a reference loop".into())
    }

    /// Where `reference`, written in `file`, points; `None` for a remote URL.
    fn target(&self, reference: &str, file: Option<&FileKey>) -> Option<Target> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy().into_owned();
        if path.is_empty() {
            return Some(Target { file: file.cloned(), pointer });
        }
        if path.contains("://") || path.starts_with("//") {
            return None;
        }
        let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
        let base = file.and_then(|f| Path::new(f).parent()).unwrap_or(Path::new(""));
        let joined = base.join(path);
        let mut parts: Vec<String> = Vec::new();
        let mut outside = false;
        for component in joined.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                Component::ParentDir => outside |= parts.pop().is_none(),
                Component::CurDir => {}
                Component::RootDir | Component::Prefix(_) => outside = true,
            }
        }
        let key = if outside { format!("\u{0}{}", joined.display()) } else { parts.join("/") };
        let file = (key != self.entry).then_some(key);
        Some(Target { file, pointer })
    }

    /// The part `target` names, read from its file (as text, if `as_text`).
    fn read(&mut self, target: &Target, as_text: bool) -> Result<Value, String> {
        let Some(file) = &target.file else { return Err("the entry file is read already".into()) };
        if let Some(outside) = file.strip_prefix('\u{0}') {
            return Err(format!("`{outside}` is outside the spec's folder, so it is not read"));
        }
        if as_text {
            return std::fs::read_to_string(self.folder.join(file)).map(Value::String).map_err(|e| unreadable(file, &e));
        }
        if !self.files.contains_key(file) {
            let read = match std::fs::read(self.folder.join(file)) {
                Ok(bytes) => super::read(&bytes).map(|(value, _)| value).map_err(|e| format!("`{file}` is {e}")),
                Err(error) => Err(unreadable(file, &error)),
            };
            self.files.insert(file.clone(), read);
        }
        let document = self.files[file].as_ref().map_err(Clone::clone)?;
        document.pointer(&target.pointer).cloned().ok_or_else(|| format!("`{}` has nothing at `{}`", file, target.pointer))
    }

    /// Adds the hoisted components to the document, after its own.
    fn insert_hoisted(&mut self, root: &mut Value) {
        for (section, name, value) in std::mem::take(&mut self.hoists) {
            let Some(document) = root.as_object_mut() else { return };
            let holder = if self.swagger2 {
                document
            } else {
                match document.entry("components").or_insert_with(|| json!({})) {
                    Value::Object(components) => components,
                    _ => continue,
                }
            };
            let entries = holder.entry(section).or_insert_with(|| json!({}));
            if let Value::Object(entries) = entries {
                entries.insert(name, value);
            }
        }
    }
}

fn unreadable(file: &str, error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => format!("there is no file `{file}`"),
        _ => format!("cannot read `{file}`: {error}"),
    }
}
