/**
 * The `celeriac` command line: a thin layer over the public entry.
 *   celeriac worker --app ./module.ts [--concurrency N] [--queues a,b] [--pool threads|processes] [--shutdown-timeout ms]
 *   celeriac status <workflow-id> [--app ./module.ts]
 *   celeriac recover --app ./module.ts [--limit N]
 *   celeriac run --app ./module.ts wf.json [--input file|json] [--wait] [--worker] [--timeout ms]
 *   celeriac validate wf.json [--app ./module.ts] [--json]
 *   celeriac schema
 *   celeriac events [--app m] [--workflow id] [--type a,b] [--json]
 *   celeriac inspect workers|active|scheduled|registered|queues [--app m] [--json]
 *   celeriac workflows [--state S] [--task t] [--since 1h] [--limit 50] [--json]
 *   celeriac dashboard [--app ./module.ts] [--host 127.0.0.1] [--port 5555] [--token T]
 *   celeriac revoke <id> [--terminate] | retry <id> | purge [--queue q] --yes | pause <queue> | resume <queue>   [--app m] [--json]
 *   celeriac --version
 */
import { Command } from 'commander';
import { pauseCommand, purgeCommand, retryCommand, revokeCommand } from './cli/control-commands.js';
import { dashboardCommand } from './cli/dashboard-command.js';
import { recoverCommand } from './cli/recover-command.js';
import { runCommand } from './cli/run-command.js';
import { schemaCommand } from './cli/schema-command.js';
import { validateCommand } from './cli/validate-command.js';
import { statusCommand } from './cli/status-command.js';
import { packageVersion } from './cli/version.js';
import { workerCommand } from './cli/worker-command.js';
import { eventsCommand } from './cli/events-command.js';
import { inspectCommand } from './cli/inspect-command.js';
import { workflowsCommand } from './cli/workflows-command.js';

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command('celeriac').description("Celery's canvas for TypeScript: run workers, workflows and checks").exitOverride();
  program.version(packageVersion(), '-V, --version', 'print the version of celeriac');
  program
    .command('worker')
    .description('consume tasks of the app until SIGINT or SIGTERM')
    .requiredOption('--app <module>', 'module whose default export (or `export const app`) is the app')
    .option('--concurrency <n>', 'tasks run at once per queue')
    .option('--queues <names>', 'comma-separated queues to consume', 'default')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (default: info)')
    .option('--log-format <format>', 'json (default) or pretty')
    .option('--metrics-port <port>', 'serve Prometheus metrics at http://127.0.0.1:<port>/metrics')
    .option('--heartbeat-ms <ms>', 'how often the worker beats its heartbeat (default: 2000)')
    .option('--report-email <smtp-url>', 'e-mail each task that fails for good through this SMTP server (with --report-email-to)')
    .option('--report-email-to <addresses>', 'comma-separated recipients of failure e-mails')
    .option('--report-webhook <url>', 'POST each task that fails for good to this URL as JSON')
    .option('--pool <kind>', 'run handlers in threads or processes (one child per concurrency slot) instead of this event loop: inline|threads|processes')
    .option('--terminate-grace-ms <ms>', 'with a pool: how long a handler may run on after its signal was aborted before its child is killed (default 5000)')
    .option('--max-memory-mb <mb>', "with a pool: each child's heap limit")
    .option('--shutdown-timeout <ms>', 'on SIGTERM, wait at most this long for running tasks, then abort them and leave their jobs for another worker')
    .option('--max-stalls <n>', 'fail a task with WorkerCrashed once its job came back this many times from workers that died or stalled (default 3)')
    .action(async (options) => workerCommand(options));
  program
    .command('events')
    .description('print every event of the fleet, live, until Ctrl-C (like celery events --dump)')
    .option('--app <module>', 'module with the app (default: REDIS_URL and CELERIAC_PREFIX)')
    .option('--workflow <id>', 'only events of this workflow')
    .option('--type <types>', 'only these comma-separated event types, e.g. task-failed,workflow-failed')
    .option('--count <n>', 'stop after this many events')
    .option('--json', 'one event per line as JSON')
    .action(async (options) => {
      code = await eventsCommand(options);
    });
  program
    .command('inspect <what>')
    .description('what the fleet is doing: workers, active, scheduled, registered or queues')
    .option('--app <module>', 'module with the app (default: REDIS_URL and CELERIAC_PREFIX)')
    .option('--json', 'print JSON for machines')
    .action(async (what: string, options) => {
      code = await inspectCommand(what, options);
    });
  program
    .command('workflows')
    .description('list workflows, newest first')
    .option('--app <module>', 'module with the app (default: REDIS_URL and CELERIAC_PREFIX)')
    .option('--state <state>', 'PENDING, STARTED, RETRY, SUCCESS, FAILURE or REVOKED')
    .option('--task <name>', 'only workflows with a task of this name')
    .option('--since <when>', 'created since: 30m, 1h, 2d or a date')
    .option('--limit <n>', 'how many (1 to 1000, default 50)')
    .option('--cursor <cursor>', 'the next page, as printed by the previous one')
    .option('--json', 'print JSON for machines')
    .action(async (options) => {
      code = await workflowsCommand(options);
    });
  program
    .command('status <id>')
    .description('print a workflow state and result as JSON')
    .option('--app <module>', 'module with the app (default: REDIS_URL, else memory)')
    .action(async (id: string, options) => {
      code = await statusCommand(id, options);
    });
  program
    .command('recover')
    .description('re-drive every unfinished workflow from the durable (PostgreSQL) store, e.g. after Redis lost its data; safe to run twice')
    .requiredOption('--app <module>', 'module with the app, configured with store: postgres')
    .option('--limit <n>', 'at most this many workflows, oldest first')
    .action(async (options) => {
      code = await recoverCommand(options);
    });
  program
    .command('run <workflow.json>')
    .description('validate and apply a workflow document; with --wait, show progress and print the result as JSON')
    .requiredOption('--app <module>', 'module with the app and its tasks')
    .option('--input <json|file>', "values for the document's params, as JSON or a JSON file")
    .option('--wait', 'wait for the result, showing tasks done/total')
    .option('--worker', 'also run a worker in this process (always on the memory driver)')
    .option('--timeout <ms>', 'give up waiting after this many milliseconds')
    .action(async (file: string, options) => {
      code = await runCommand(file, options);
    });
  program
    .command('validate <workflow.json>')
    .description('check a workflow document: exit 0 if valid, 1 with every problem (path, message, hint)')
    .option('--app <module>', 'also check task names, arguments against task contracts, and params')
    .option('--json', 'print the result as JSON for machines')
    .action(async (file: string, options) => {
      code = await validateCommand(file, options);
    });
  program
    .command('schema')
    .description('print the JSON Schema of workflow documents')
    .action(() => {
      code = schemaCommand();
    });
  program
    .command('dashboard')
    .description('serve the web dashboard and its JSON API (loopback unless --host, which then needs --token)')
    .option('--app <module>', 'module with the app (default: REDIS_URL and CELERIAC_PREFIX)')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <n>', 'port to listen on', '5555')
    .option('--token <token>', 'require this token on every request (or set CELERIAC_DASHBOARD_TOKEN)')
    .action(async (options) => {
      code = await dashboardCommand(options);
    });
  const fleet = (command: Command) =>
    command.option('--app <module>', 'module with the app (default: REDIS_URL and CELERIAC_PREFIX)').option('--json', 'print the result as JSON for machines');
  fleet(program.command('revoke <workflow-id>').description('revoke a workflow: what has not run never runs, it ends REVOKED; exit 1 if unknown'))
    .option('--terminate', "also abort the signal of its handlers running now, on every worker")
    .action(async (id: string, options) => {
      code = await revokeCommand(id, options);
    });
  fleet(program.command('retry <workflow-id>').description('run a FAILURE or REVOKED workflow again from what did not succeed, keeping every result; exit 1 if unknown or never failed')).action(
    async (id: string, options) => {
      code = await retryCommand(id, options);
    },
  );
  fleet(program.command('purge').description('drop the waiting and delayed tasks of a queue and revoke their workflows'))
    .option('--queue <name>', 'queue to purge', 'default')
    .option('--yes', 'confirm: without it nothing is dropped (exit 2)')
    .action(async (options) => {
      code = await purgeCommand(options);
    });
  for (const [name, paused] of [['pause', true], ['resume', false]] as const) {
    fleet(program.command(`${name} <queue>`).description(paused ? 'stop every worker taking tasks from a queue' : 'let workers take tasks from a paused queue again')).action(
      async (queue: string, options) => {
        code = await pauseCommand(queue, paused, options);
      },
    );
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    const e = error as { code?: string; exitCode?: number; message?: string };
    // Bad usage (an unknown option, a missing argument) exits 2; help and version exit 0 as commander says.
    if (e.code?.startsWith('commander.')) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    console.error(`celeriac: ${e.message ?? String(error)}`);
    return 1;
  }
  return code;
}
