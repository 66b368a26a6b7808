/**
 * Stopping a program together with everything it started. Programs are spawned as leaders of
 * their own process group, so signalling the negative pid reaches the script, the interpreter's
 * helpers and any `sleep` or `curl` they left running — killing only the direct child would
 * leave those orphaned.
 *
 * SIGTERM first, so the program can clean up (remove temp files, roll back), then SIGKILL for the
 * whole group if anything is still alive after the grace period.
 */

/** How often a stopping group is checked; short enough not to keep anyone waiting. */
const CHECK_INTERVAL_MS = 50;

/** Sends SIGTERM to the group, and SIGKILL after `graceMs` unless the group is gone by then. */
export function stopProcessGroup(groupId: number, graceMs: number): void {
  if (!signalGroup(groupId, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  const check = setInterval(() => {
    if (!signalGroup(groupId, 0)) return clearInterval(check);
    if (Date.now() < deadline) return;
    clearInterval(check);
    signalGroup(groupId, 'SIGKILL');
  }, CHECK_INTERVAL_MS);
}

/** True when a member of the group received the signal (0: exists); false when none is left. */
function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    // ESRCH: nobody left. EPERM: what is left is not ours to signal (a setuid helper). Either
    // way there is nothing more this server can do, and a timer callback must not throw.
    return false;
  }
}
