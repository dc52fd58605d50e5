/* ProcessPrng for wine 8 (Debian bookworm's), which lacks it: Rust's std
 * has drawn its randomness from bcryptprimitives.dll's ProcessPrng since
 * Rust 1.78, and a Windows 10 or later has that DLL; wine added it in 9.x.
 * The tests put this stand-in beside the .exe under test, where Windows
 * looks first. It is never shipped: the release zip has no DLL. */
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
