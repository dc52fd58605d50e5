//! What stands in for Apple's SDK when linking the macOS binaries on
//! Linux: text-based stubs (`.tbd`, Apple's format for a library's
//! exported symbols) of the two frameworks the TLS stack calls, for zig's
//! linker to resolve against. Nothing here is Apple's code: the stubs name
//! each library's install path and the symbols the binaries import, so
//! the Mach-O files load the real frameworks on a Mac.
//!
//! Why they are needed: `check` and `rotate` verify certificates against
//! the system's trust store (rustls-native-certs, through security-framework
//! and core-foundation), and zig ships no macOS frameworks. The lists are
//! what the linker reported missing without them; a new import fails the
//! link with its name, to be added here.

use std::fs;
use std::path::{Path, PathBuf};

use crate::Result;

/// Security.framework's symbols the binaries import.
const SECURITY: &[&str] = &[
    "_SecCertificateCopyData",
    "_SecCopyErrorMessageString",
    "_SecTrustSettingsCopyCertificates",
    "_SecTrustSettingsCopyTrustSettings",
];

/// CoreFoundation.framework's symbols the binaries import.
const CORE_FOUNDATION: &[&str] = &[
    "_CFArrayCreate",
    "_CFArrayGetCount",
    "_CFArrayGetValueAtIndex",
    "_CFDataGetBytePtr",
    "_CFDataGetLength",
    "_CFDictionaryGetValueIfPresent",
    "_CFEqual",
    "_CFNumberGetValue",
    "_CFRelease",
    "_CFRetain",
    "_CFStringCreateWithBytesNoCopy",
    "_CFStringGetBytes",
    "_CFStringGetCStringPtr",
    "_CFStringGetLength",
    "_kCFAllocatorDefault",
    "_kCFAllocatorNull",
    "_kCFTypeArrayCallBacks",
];

/// Writes the stand-in SDK under `root` and returns it (for `SDKROOT`).
pub fn write(root: &Path) -> Result<PathBuf> {
    for (name, symbols) in [("Security", SECURITY), ("CoreFoundation", CORE_FOUNDATION)] {
        let dir = root.join(format!("System/Library/Frameworks/{name}.framework"));
        fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
        let path = dir.join(format!("{name}.tbd"));
        fs::write(&path, tbd(name, symbols))
            .map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    Ok(root.to_owned())
}

/// A framework's stub in TAPI's format version 4, for both architectures.
fn tbd(name: &str, symbols: &[&str]) -> String {
    let targets = "[ x86_64-macos, arm64-macos ]";
    let mut text = format!(
        "--- !tapi-tbd\ntbd-version:     4\ntargets:         {targets}\ninstall-name:    '/System/Library/Frameworks/{name}.framework/Versions/A/{name}'\nexports:\n  - targets:         {targets}\n    symbols:         [ "
    );
    text.push_str(&symbols.join(", "));
    text.push_str(" ]\n...\n");
    text
}
