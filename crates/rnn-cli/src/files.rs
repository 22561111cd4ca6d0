//! Reading what a user names on the command line: regular files only, their size checked before a
//! byte is read, so `/dev/zero` or `/dev/urandom` is refused instead of read until memory runs out.

use std::io::Read;
use std::path::Path;

use crate::CliResult;

/// The bytes of the regular file at `path` (a `what`: "model", "config", "corpus"), refused when it
/// is not a regular file or holds more than `limit` bytes.
pub fn read_limited(path: &Path, what: &str, limit: u64) -> CliResult<Vec<u8>> {
    let cannot = |e: std::io::Error| format!("cannot read {what} {}: {e}", path.display());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    if !metadata.is_file() {
        return Err(format!("cannot read {what} {}: it is not a regular file (a device, pipe or directory); give a file", path.display()));
    }
    if metadata.len() > limit {
        return Err(format!("{what} {} is {} bytes, more than the {limit} bytes a {what} can be", path.display(), metadata.len()));
    }
    // the limit again while reading, in case the file grows meanwhile
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(format!("{what} {} grew past the {limit} bytes a {what} can be while it was read", path.display()));
    }
    Ok(bytes)
}

/// The text of the regular file at `path`, as [`read_limited`], refused unless it is UTF-8.
pub fn read_text(path: &Path, what: &str, limit: u64) -> CliResult<String> {
    String::from_utf8(read_limited(path, what, limit)?).map_err(|e| format!("cannot read {what} {}: it is not UTF-8 text ({e})", path.display()))
}
