// Every command of edu-flow, in the order `--help` lists them. Each definition holds its flags,
// help and checks; its work is imported only when it runs.
import { applyCommand } from './apply/define.js';
import { backupsCommand } from './backups/define.js';
import { completeCommand } from './complete/define.js';
import { completionCommand } from './completion/define.js';
import { configCommand } from './config/define.js';
import { createCommand } from './create/define.js';
import type { CommandDefinition } from './definition.js';
import { deleteCommand } from './delete/define.js';
import { diffCommand } from './diff/define.js';
import { doctorCommand } from './doctor/define.js';
import { exportCommand } from './export/define.js';
import { getCommand } from './get/define.js';
import { listCommand } from './list/define.js';
import { loginCommand } from './login/define.js';
import { logoutCommand } from './logout/define.js';
import { migrateCommand } from './migrate/define.js';
import { planCommand } from './plan/define.js';
import { resetCommand } from './reset/define.js';
import { restoreCommand } from './restore/define.js';
import { roleGroupsCommand } from './role-groups/define.js';
import { runsCommand } from './runs/define.js';
import { schemaCommand } from './schema/define.js';
import { setsCommand } from './sets/define.js';
import { statusCommand } from './status/define.js';
import { updateCommand } from './update/define.js';
import { validateCommand } from './validate/define.js';

export const COMMANDS: readonly CommandDefinition[] = [
  updateCommand,
  diffCommand,
  restoreCommand,
  backupsCommand,
  exportCommand,
  planCommand,
  applyCommand,
  runsCommand,
  validateCommand,
  getCommand,
  listCommand,
  createCommand,
  deleteCommand,
  resetCommand,
  migrateCommand,
  schemaCommand,
  completionCommand,
  setsCommand,
  roleGroupsCommand,
  loginCommand,
  logoutCommand,
  statusCommand,
  doctorCommand,
  configCommand,
  // Hidden: the values the completion scripts ask for.
  completeCommand,
];

export type { CommandDefinition, CommandHost, Session } from './definition.js';
