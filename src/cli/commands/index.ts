// Every command of `certdesk`, in the order `certdesk --help` lists them.
import type { Command } from '../command.js';
import { answerCommand } from './answer.js';
import { abolishCommand, abolishMoveCommand, abolishWithdrawCommand } from './abolish.js';
import { auditCommand } from './audit.js';
import { cancelCommand, cancelCorrectCommand, cancelWithdrawCommand } from './cancel.js';
import { cancellationDateCommand } from './cancellation-date.js';
import { certInspectCommand } from './cert-inspect.js';
import { certAttachCommand, certUploadCommand, checkCommand } from './certificates.js';
import { csrCreateCommand, keysExportCommand, keysRotateCommand } from './custody.js';
import { contractShowCommand } from './contract-show.js';
import { contractsCommand } from './contracts.js';
import { doctorCommand } from './doctor.js';
import { eligibilityCommand } from './eligibility.js';
import { importCommand } from './import.js';
import { itemsCommand } from './items.js';
import { ledgerCommand } from './ledger.js';
import { migrateCommand } from './migrate.js';
import { certOrderCommand, issuerSetCommand, issuerShowCommand } from './orders.js';
import { quoteCommand } from './quote.js';
import { sandboxCommand } from './sandbox.js';
import { serveCommand } from './serve.js';
import { STAFF_COMMANDS } from './staff.js';
import { sweepCommand } from './sweep.js';
import { workerCommand } from './worker.js';

export const COMMANDS: readonly Command[] = [
  sandboxCommand,
  serveCommand,
  workerCommand,
  sweepCommand,
  doctorCommand,
  migrateCommand,
  itemsCommand,
  quoteCommand,
  cancellationDateCommand,
  certInspectCommand,
  eligibilityCommand,
  importCommand,
  contractsCommand,
  contractShowCommand,
  ledgerCommand,
  ...STAFF_COMMANDS,
  answerCommand,
  cancelCommand,
  cancelWithdrawCommand,
  cancelCorrectCommand,
  abolishCommand,
  abolishWithdrawCommand,
  abolishMoveCommand,
  csrCreateCommand,
  certAttachCommand,
  certUploadCommand,
  certOrderCommand,
  issuerSetCommand,
  issuerShowCommand,
  checkCommand,
  keysRotateCommand,
  keysExportCommand,
  auditCommand,
];
