import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARIABLES } from '../../bots/config';
import { allCalls, calls, isExpression, strings } from '../support/armTemplate';

interface ArmParameter {
  type: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
  metadata?: { description?: string };
}
interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  condition?: string;
  scope?: string;
  location?: string;
  dependsOn?: string[];
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}
interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, ArmParameter>;
  variables: Record<string, unknown>;
  resources: ArmResource[];
  outputs: Record<string, { type: string; value: unknown }>;
}

const deployDir = join(__dirname, '..', '..', 'deploy');
const template = JSON.parse(readFileSync(join(deployDir, 'azuredeploy.json'), 'utf8')) as ArmTemplate;
const example = JSON.parse(readFileSync(join(deployDir, 'azuredeploy.parameters.example.json'), 'utf8')) as { $schema: string; parameters: Record<string, { value: unknown }> };

const ofType = (type: string) => template.resources.filter((r) => r.type === type);
const one = (type: string): ArmResource => {
  const found = ofType(type);
  assert.equal(found.length, 1, `exactly one ${type}`);
  return found[0] as ArmResource;
};
const site = () => one('Microsoft.Web/sites');
const siteConfig = () => site().properties?.siteConfig as { appSettings: { name: string; value: string }[]; [key: string]: unknown };
const appSettings = () => new Map(siteConfig().appSettings.map((s) => [s.name, s.value]));

/** App Service's own settings: read by the platform, never by our code. */
const PLATFORM_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT', 'WEBSITE_RUN_FROM_PACKAGE'];
/** Variables bots/config.ts reads that the template leaves unset on purpose, with the reason. */
const LEFT_UNSET: Record<string, string> = {
  PORT: 'App Service sets it for the container',
  HOST: 'App Service sets WEBSITE_SITE_NAME, which makes the default 0.0.0.0',
  WEBSITE_SITE_NAME: 'App Service sets it itself',
  WEBSITE_INSTANCE_ID: 'App Service sets it itself',
  DATA_DIR: 'only for STORAGE=file',
  COSMOS_KEY: 'managed identity instead; the account has local (key) auth disabled',
  MicrosoftAppPassword: 'UserAssignedMSI needs no password',
  ALLOW_ANONYMOUS_BOT_FRAMEWORK: 'tests only; refused in production',
  TELEGRAM_API_ROOT: "Telegram's public API",
  MESSENGER_GRAPH_API_URL: 'the Graph version the code was written against',
  EMAIL_IMAP_PORT: '993 with TLS by default',
  EMAIL_IMAP_SECURE: 'TLS by default',
  EMAIL_SMTP_PORT: '465 with TLS by default',
  EMAIL_SMTP_SECURE: 'TLS by default',
  EMAIL_MAILBOX: 'INBOX by default',
  EMAIL_POLL_SECONDS: 'default; IDLE is used where the server has it',
  EMAIL_PROCESSED_MAILBOX: 'optional; set in the portal if wanted',
  HANDOVER_CLAIM_TIMEOUT_MINUTES: 'default 10 minutes',
  REMINDER_OFFSETS: 'default 24h,2h before each appointment',
  QUIET_HOURS: 'default 21:00-08:00 on the TIMEZONE clock',
  MARKETING_PER_WEEK: 'default 2 a week per customer',
  RETENTION_DAYS_BY_KIND: 'per-group overrides; set in the portal if wanted (docs/privacy.md)',
};

describe('deploy/azuredeploy.json (ARM, checked offline)', () => {
  it('is a deployment template with the 2019-04-01 schema and a content version', () => {
    assert.equal(template.$schema, 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    assert.match(template.contentVersion, /^\d+\.\d+\.\d+\.\d+$/);
    const allowed = new Set(['$schema', 'contentVersion', 'metadata', 'parameters', 'variables', 'functions', 'resources', 'outputs', 'apiProfile']);
    assert.deepEqual(Object.keys(template).filter((key) => !allowed.has(key)), []);
  });

  it('parses every expression and uses only existing ARM functions', () => {
    for (const { path, value } of strings(template)) {
      if (isExpression(value)) assert.doesNotThrow(() => calls(value), `${path}: ${value}`);
    }
  });

  it("resolves every parameters('…') and variables('…') and uses every one it declares", () => {
    const used = allCalls(template);
    for (const kind of ['parameters', 'variables'] as const) {
      const declared = new Set(Object.keys(template[kind]));
      const referenced = used.filter((c) => c.name === kind);
      for (const ref of referenced) {
        assert.ok(ref.literal !== undefined, `${ref.path}: ${kind}() with a computed name`);
        assert.ok(declared.has(ref.literal), `${ref.path}: ${kind}('${ref.literal}') is not declared`);
      }
      const unused = [...declared].filter((name) => !referenced.some((ref) => ref.literal === name));
      assert.deepEqual(unused, [], `declared but unused ${kind}`);
    }
  });

  it('declares parameters with valid types, defaults within their limits and a description', () => {
    const types = new Set(['string', 'securestring', 'int', 'bool', 'object', 'secureObject', 'array']);
    for (const [name, param] of Object.entries(template.parameters)) {
      assert.ok(types.has(param.type), `${name}: type ${param.type}`);
      assert.ok(param.metadata?.description, `${name}: description`);
      const value = param.defaultValue;
      if (value === undefined || (typeof value === 'string' && isExpression(value))) continue;
      if (param.type === 'int') {
        assert.equal(typeof value, 'number', `${name}: default`);
        if (param.minValue !== undefined) assert.ok((value as number) >= param.minValue, `${name}: default below minValue`);
        if (param.maxValue !== undefined) assert.ok((value as number) <= param.maxValue, `${name}: default above maxValue`);
      }
      if (param.type === 'string' || param.type === 'securestring') {
        assert.equal(typeof value, 'string', `${name}: default`);
        if (param.maxLength !== undefined) assert.ok((value as string).length <= param.maxLength, `${name}: default longer than maxLength`);
      }
      if (param.allowedValues) assert.ok(param.allowedValues.includes(value), `${name}: default not among allowedValues`);
      if (param.type === 'securestring') assert.equal(value, '', `${name}: a secret must not have a literal default`);
    }
  });

  it('calls newGuid() only in parameter defaults, as ARM requires', () => {
    for (const call of allCalls({ variables: template.variables, resources: template.resources, outputs: template.outputs })) {
      assert.notEqual(call.name, 'newGuid', call.path);
    }
  });

  it('gives every resource a type, a dated apiVersion and a name with one segment per child type', () => {
    for (const resource of template.resources) {
      assert.match(resource.type, /^Microsoft\.[A-Za-z]+(\/[A-Za-z]+)+$/, resource.name);
      assert.match(resource.apiVersion, /^\d{4}-\d{2}-\d{2}(-preview)?$/, resource.type);
      // Microsoft.X/a/b is named "<a>/<b>"; extension resources (scope) follow the same rule.
      const expected = resource.type.split('/').length - 2;
      const format = /^\[format\('([^']*)'/.exec(resource.name);
      const nameSegments = (format ? (format[1] ?? '') : isExpression(resource.name) ? '' : resource.name).split('/').length - 1;
      assert.equal(nameSegments, expected, `${resource.type}: name ${resource.name}`);
    }
  });

  it('depends on and references only resource types the template declares', () => {
    const declared = new Set(template.resources.map((r) => r.type));
    for (const resource of template.resources) {
      for (const dependency of resource.dependsOn ?? []) {
        const type = /resourceId\((?:[^,]*, )?'(Microsoft\.[^']+)'/.exec(dependency)?.[1];
        assert.ok(type && declared.has(type), `${resource.type} depends on ${dependency}`);
      }
    }
    for (const call of allCalls(template).filter((c) => c.name === 'reference')) {
      const type = /resourceId\('(Microsoft\.[^']+)'/.exec(call.args)?.[1];
      assert.ok(type && declared.has(type), `${call.path}: reference(${call.args})`);
    }
  });

  it('has outputs with a type and a value, none of them a secret', () => {
    const secure = new Set(Object.entries(template.parameters).filter(([, p]) => p.type === 'securestring').map(([name]) => name));
    assert.ok(Object.keys(template.outputs).length > 0);
    for (const [name, output] of Object.entries(template.outputs)) {
      assert.ok(['string', 'int', 'bool', 'object', 'array'].includes(output.type), `${name}: type`);
      assert.ok(output.value !== undefined && output.value !== '', `${name}: value`);
      for (const call of allCalls(output.value)) assert.ok(!(call.name === 'parameters' && secure.has(call.literal ?? '')), `${name} outputs a secret`);
    }
  });

  it('comes with an example parameters file that names only real parameters and every required one', () => {
    assert.equal(example.$schema, 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#');
    for (const name of Object.keys(example.parameters)) assert.ok(template.parameters[name], `${name} is not a template parameter`);
    for (const [name, param] of Object.entries(template.parameters)) {
      if (param.defaultValue === undefined) assert.ok(example.parameters[name], `required parameter ${name} missing from the example`);
    }
  });
});

describe('deploy/azuredeploy.json: what the issue asks for', () => {
  it('runs a Linux Node 24 web app, always on, health-checked at /healthz, HTTPS only, with WebSockets', () => {
    assert.equal(one('Microsoft.Web/serverfarms').properties?.reserved, true);
    assert.equal(site().properties?.httpsOnly, true);
    assert.equal(siteConfig().linuxFxVersion, 'NODE|24-lts');
    assert.equal(siteConfig().alwaysOn, true);
    assert.equal(siteConfig().healthCheckPath, '/healthz');
    assert.equal(siteConfig().webSocketsEnabled, true);
    assert.match(String(siteConfig().appCommandLine), /^node dist\/scripts\/switchboard\.js start$/);
  });

  it('creates Cosmos DB serverless by default (provisioned optional), a database and a container on /id with the TTL parameter', () => {
    const account = one('Microsoft.DocumentDB/databaseAccounts');
    assert.equal(template.parameters.cosmosCapacityMode?.defaultValue, 'Serverless');
    assert.deepEqual(template.parameters.cosmosCapacityMode?.allowedValues, ['Serverless', 'Provisioned']);
    assert.match(String(account.properties?.capabilities), /EnableServerless/);
    assert.equal(account.properties?.disableLocalAuth, true, 'keys off: managed identity only');
    one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases');
    const container = one('Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers').properties?.resource as Record<string, unknown>;
    assert.deepEqual((container.partitionKey as { paths: string[] }).paths, ['/id']);
    assert.equal(container.defaultTtl, "[parameters('cosmosDefaultTtl')]");
  });

  it("grants the user-assigned identity Cosmos DB Built-in Data Contributor and gives the app that identity's client id", () => {
    const assignment = one('Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments').properties ?? {};
    assert.match(String(assignment.roleDefinitionId), /sqlRoleDefinitions', variables\('cosmosAccountName'\), variables\('cosmosDataContributorRoleId'\)/);
    assert.equal(template.variables.cosmosDataContributorRoleId, '00000000-0000-0000-0000-000000000002');
    assert.match(String(assignment.principalId), /userAssignedIdentities.*\.principalId\]$/);
    assert.equal(site().identity && (site().identity as { type: string }).type, 'UserAssigned');
    assert.match(appSettings().get('AZURE_CLIENT_ID') ?? '', /userAssignedIdentities.*\.clientId\]$/);
    assert.equal(appSettings().get('STORAGE'), 'cosmos');
    assert.equal(appSettings().has('COSMOS_KEY'), false);
  });

  it('creates an Azure Bot pointing at https://<app>/api/messages with Direct Line and Web Chat channels', () => {
    const bot = one('Microsoft.BotService/botServices');
    assert.equal(bot.properties?.endpoint, "[format('{0}/api/messages', variables('publicUrl'))]");
    assert.equal(template.variables.publicUrl, "[format('https://{0}', variables('appHost'))]");
    assert.equal(bot.properties?.msaAppType, 'UserAssignedMSI');
    const channels = ofType('Microsoft.BotService/botServices/channels').map((c) => (c.properties as { channelName: string }).channelName);
    assert.deepEqual(channels.sort(), ['DirectLineChannel', 'WebChatChannel']);
    assert.equal(appSettings().get('MicrosoftAppType'), 'UserAssignedMSI');
    assert.equal(appSettings().get('MicrosoftAppId'), bot.properties?.msaAppId, 'the app and the bot use the same identity');
  });

  it('keeps channel secrets in Key Vault and reads each through a Key Vault reference to a secret the template writes', () => {
    assert.equal(one('Microsoft.KeyVault/vaults').properties?.enableRbacAuthorization, true);
    assert.equal(site().properties?.keyVaultReferenceIdentity, "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('identityName'))]");
    const role = one('Microsoft.Authorization/roleAssignments').properties ?? {};
    assert.match(String(role.roleDefinitionId), /keyVaultSecretsUserRoleId/);
    assert.equal(template.variables.keyVaultSecretsUserRoleId, '4633458b-17de-408a-b874-0445c86b69e6');
    const secretNames = ofType('Microsoft.KeyVault/vaults/secrets').map((s) => /'([a-z-]+)'\)\]$/.exec(s.name)?.[1]);
    const references = [...appSettings()].filter(([, value]) => value.includes('@Microsoft.KeyVault'));
    for (const name of ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'MESSENGER_PAGE_ACCESS_TOKEN', 'MESSENGER_APP_SECRET', 'MESSENGER_VERIFY_TOKEN', 'EMAIL_PASSWORD', 'WEBCHAT_TOKEN_SECRET', 'METRICS_TOKEN', 'INBOX_AGENTS']) {
      assert.ok(references.some(([setting]) => setting === name), `${name} is a Key Vault reference`);
    }
    for (const [setting, value] of references) {
      const secret = /'([a-z-]+)'\)\)\]$/.exec(value)?.[1];
      assert.ok(secret && secretNames.includes(secret), `${setting} refers to secret ${secret}, which the template does not create`);
      // An optional channel left empty must not leave a reference App Service cannot resolve.
      assert.match(value, /^\[if\(empty\(parameters\('[A-Za-z]+'\)\), '', /, `${setting} is empty when its secret is not given`);
    }
  });

  it('sends telemetry to Application Insights on a Log Analytics workspace, and app logs there too', () => {
    assert.match(String(one('Microsoft.Insights/components').properties?.WorkspaceResourceId), /Microsoft\.OperationalInsights\/workspaces/);
    assert.match(appSettings().get('APPLICATIONINSIGHTS_CONNECTION_STRING') ?? '', /Microsoft\.Insights\/components.*\.ConnectionString\]$/);
    const logs = (one('Microsoft.Insights/diagnosticSettings').properties?.logs as { category: string }[]).map((l) => l.category);
    assert.ok(logs.includes('AppServiceConsoleLogs'));
  });

  it('has parameters for the optional channels: Telegram, Messenger and e-mail', () => {
    for (const name of ['telegramBotToken', 'telegramWebhookSecret', 'messengerPageAccessToken', 'messengerAppSecret', 'messengerVerifyToken', 'emailImapHost', 'emailSmtpHost', 'emailUser', 'emailPassword', 'emailFrom']) {
      assert.equal(template.parameters[name]?.defaultValue, '', `${name} is optional (empty by default)`);
    }
  });
});

describe('template app settings and bots/config.ts do not drift', () => {
  it('writes only settings the server reads (or App Service itself reads)', () => {
    const known = new Set([...ENV_VARIABLES, ...PLATFORM_SETTINGS]);
    assert.deepEqual([...appSettings().keys()].filter((name) => !known.has(name)), []);
  });

  it('sets every variable the server reads, except the ones listed as left at their default', () => {
    const written = new Set(appSettings().keys());
    const missing = ENV_VARIABLES.filter((name) => !written.has(name) && !(name in LEFT_UNSET));
    assert.deepEqual(missing, [], 'new config variables need an app setting in the template or a reason in LEFT_UNSET');
    const stale = Object.keys(LEFT_UNSET).filter((name) => written.has(name) || !ENV_VARIABLES.includes(name));
    assert.deepEqual(stale, [], 'LEFT_UNSET names a variable the template sets or config no longer reads');
  });
});
