#!/usr/bin/env node
// Usage: watchdog.js OWNER_PID FOLDER
// Started detached by test/clusters/processes.ts, one per cluster. While FOLDER exists and
// OWNER_PID (the test process) lives, it waits. When the owner is gone without having stopped
// its cluster (a Jest worker killed on a timeout, a Ctrl-C that skipped the handlers), it
// SIGKILLs the process groups listed in FOLDER/pids, each only if the PID still names the same
// process (same start time), and removes FOLDER. When FOLDER is gone, the cluster was stopped
// normally and it simply exits.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [ownerArg, folder] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!Number.isInteger(owner) || owner <= 1 || !folder) {
  process.stderr.write('usage: watchdog.js OWNER_PID FOLDER\n');
  process.exit(2);
}

function startTime(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const ownerStart = startTime(owner);

function ownerAlive() {
  return ownerStart !== undefined && startTime(owner) === ownerStart;
}

function reap() {
  let lines = [];
  try {
    lines = fs.readFileSync(path.join(folder, 'pids'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return;
  }
  for (const line of lines) {
    const [pid, started] = line.split(' ');
    if (startTime(pid) !== started) continue; // exited, or the PID now names another process
    try {
      process.kill(-Number(pid), 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
}

const timer = setInterval(() => {
  if (!fs.existsSync(folder)) {
    clearInterval(timer);
    return;
  }
  if (ownerAlive()) return;
  clearInterval(timer);
  reap();
  // Give the kernel a moment to close the files of the killed servers before removing them.
  setTimeout(() => fs.rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 300 }), 1000);
}, 1000);
