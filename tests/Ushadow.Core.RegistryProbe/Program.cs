// The registry probe: runs the core from its own process, so tests and the build/crash harnesses can race real
// processes on the locks and SIGKILL them.
//
//   <state dir> <name> <root> [<go file>]         claim a Redis number (the lock tests' original use)
//   provision <state> <settings> <root> <env> [<go file>]   plan and apply one environment, as a build does
//   apply <root> <count> [<go file>]                        the same, with registry, host and state from the variables
//   create <state> <settings> <root> <env> [<go file>]      'env create' at core level: check, make the folder, apply
//   remove <state> <env> [<go file>]                        'env remove' at core level: drop the registry entry
//   settings <settings> <key> <value> [<go file>]           'settings set' at core level: lock, load, set, save
//   crash [--kills N] [--seed S] [--keep]                   the crash-injection harness (build/crash/README.md)
//   soak [--rounds R] [--procs P] [--envs E] [--seed S]     the concurrency soak
//   versions --next <next probe dll> [--rounds R]           this version and a "next" one, side by side
//
// Worker verbs print "ok ..." and "lockwait-ms <n>" (the longest lock wait of the process) and exit 0, or print the
// diagnostic on standard error and exit 1.
using Ushadow.Core.RegistryProbe;

return args.Length > 0 && Verbs.Known(args[0]) ? Verbs.Run(args) : Verbs.Claim(args);
