//! The release tarball: a gzip-compressed POSIX tar archive whose bytes
//! depend only on the files' contents, names and modes and on one timestamp
//! (no owner names, no build machine's clock, name order).

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use tar::{Builder, EntryType, Header};

/// Writes `files` (archive path, source file, mode) to `out`, with a
/// directory entry for `folder` and for every directory the paths name.
/// Every entry is owned by root and dated `mtime`.
pub fn write_tar_gz(
    out: &Path,
    folder: &str,
    files: &[(String, PathBuf, u32)],
    mtime: u64,
) -> Result<(), String> {
    // Archive path → contents (None for a directory), sorted by path: a
    // directory's name ("a/") sorts before everything in it ("a/b").
    let mut entries: BTreeMap<String, Option<(Vec<u8>, u32)>> = BTreeMap::new();
    entries.insert(format!("{folder}/"), None);
    for (name, source, mode) in files {
        if !name.starts_with(&format!("{folder}/")) {
            return Err(format!("{name} is outside the archive's folder {folder}/"));
        }
        let mut dir = name.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            entries.insert(format!("{parent}/"), None);
            dir = parent;
        }
        let bytes = fs::read(source).map_err(|e| format!("read {}: {e}", source.display()))?;
        entries.insert(name.clone(), Some((bytes, *mode)));
    }

    let file = fs::File::create(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    // flate2 writes a gzip header without a file name and with mtime 0.
    let mut tar = Builder::new(GzEncoder::new(file, Compression::best()));
    for (name, entry) in &entries {
        let mut header = Header::new_ustar();
        let (kind, mode, data): (EntryType, u32, &[u8]) = match entry {
            None => (EntryType::Directory, 0o755, &[]),
            Some((bytes, mode)) => (EntryType::Regular, *mode, bytes),
        };
        header.set_entry_type(kind);
        header.set_mode(mode);
        header.set_size(data.len() as u64);
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_username("root").map_err(|e| e.to_string())?;
        header.set_groupname("root").map_err(|e| e.to_string())?;
        tar.append_data(&mut header, name, data)
            .map_err(|e| format!("add {name} to {}: {e}", out.display()))?;
    }
    tar.into_inner()
        .and_then(|gz| gz.finish())
        .map_err(|e| format!("write {}: {e}", out.display()))?;
    Ok(())
}

/// `gzip -9n`: the file compressed, with no name and no time in the header.
pub fn write_gz(source: &Path, out: &Path) -> Result<(), String> {
    let bytes = fs::read(source).map_err(|e| format!("read {}: {e}", source.display()))?;
    let file = fs::File::create(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let mut gz = GzEncoder::new(file, Compression::best());
    gz.write_all(&bytes)
        .and_then(|()| gz.finish().map(drop))
        .map_err(|e| format!("write {}: {e}", out.display()))
}

/// Writes `files` (archive path, source file, mode) to the zip `out`, in
/// name order, each dated `mtime` (zip keeps local time to two seconds; the
/// epoch's UTC date is written) and deflated: the same inputs give the
/// same bytes. Windows' Explorer and `Expand-Archive` read it.
pub fn write_zip(
    out: &Path,
    folder: &str,
    files: &[(String, PathBuf, u32)],
    mtime: u64,
) -> Result<(), String> {
    use zip::write::SimpleFileOptions;
    let mut sorted: Vec<_> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let (year, month, day, hour, minute, second) = civil(mtime);
    let time = zip::DateTime::from_date_and_time(year, month, day, hour, minute, second)
        .map_err(|_| format!("SOURCE_DATE_EPOCH {mtime} is outside zip's dates (1980-2107)"))?;
    let file = fs::File::create(out).map_err(|e| format!("create {}: {e}", out.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let fail = |e: zip::result::ZipError| format!("write {}: {e}", out.display());
    for (name, source, mode) in sorted {
        if !name.starts_with(&format!("{folder}/")) {
            return Err(format!("{name} is outside the archive's folder {folder}/"));
        }
        let bytes = fs::read(source).map_err(|e| format!("read {}: {e}", source.display()))?;
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9))
            .last_modified_time(time)
            .unix_permissions(*mode);
        zip.start_file(name.as_str(), options).map_err(fail)?;
        zip.write_all(&bytes)
            .map_err(|e| format!("write {}: {e}", out.display()))?;
    }
    zip.finish().map_err(fail)?;
    Ok(())
}

/// Seconds since 1970 as a UTC date and time (Howard Hinnant's
/// days-to-civil algorithm).
fn civil(epoch: u64) -> (u16, u8, u8, u8, u8, u8) {
    let days = (epoch / 86_400) as i64;
    let secs = epoch % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    (
        year,
        month,
        day,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
}
