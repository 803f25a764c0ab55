#!/usr/bin/env bash
# Deploys Switchboard to Azure in one command: creates the resource group, deploys
# deploy/azuredeploy.json, builds the app and zip-deploys it to the web app, registers the
# Telegram webhook when a bot token is configured, and prints the URLs.
#
#   deploy/deploy.sh -g <resource-group> [-l <location>] [-p <parameters.json>] [--what-if]
#
# Secrets (channel tokens, passwords) go in the parameters file, never on the command line;
# see deploy/azuredeploy.parameters.example.json and deploy/README.md.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/deploy.sh -g <resource-group> [options]

  -g, --resource-group NAME   resource group to create or update (required)
  -l, --location REGION       region for a new resource group (default: westeurope)
  -p, --parameters FILE       ARM parameters file (see deploy/azuredeploy.parameters.example.json)
  -n, --deployment-name NAME  name of the ARM deployment (default: switchboard-<UTC time>)
      --what-if               show what would change; create, build and upload nothing
  -h, --help                  this text

Needs: az (logged in with "az login"), Node.js 22.13 or newer and npm, zip, curl.
Environment: TELEGRAM_API_ROOT overrides https://api.telegram.org (for tests).
USAGE
}

fail() {
  echo "deploy.sh: $*" >&2
  exit 1
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
template="$root/deploy/azuredeploy.json"
resource_group=""
location="westeurope"
parameters_file=""
deployment_name="switchboard-$(date -u +%Y%m%d%H%M%S)"
what_if=false
telegram_api="${TELEGRAM_API_ROOT:-https://api.telegram.org}"

while [ "$#" -gt 0 ]; do
  case "$1" in
    -g | --resource-group | -l | --location | -p | --parameters | -n | --deployment-name)
      [ "$#" -ge 2 ] || { echo "deploy.sh: $1 needs a value" >&2; usage >&2; exit 2; }
      case "$1" in
        -g | --resource-group) resource_group="$2" ;;
        -l | --location) location="$2" ;;
        -p | --parameters) parameters_file="$2" ;;
        -n | --deployment-name) deployment_name="$2" ;;
      esac
      shift 2
      ;;
    --what-if) what_if=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "deploy.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$resource_group" ] || { echo "deploy.sh: --resource-group is required" >&2; usage >&2; exit 2; }

for tool in az node; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (see deploy/README.md, Prerequisites)"
done
if ! $what_if; then
  for tool in npm zip curl; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (see deploy/README.md, Prerequisites)"
  done
fi

parameter_args=()
if [ -n "$parameters_file" ]; then
  [ -f "$parameters_file" ] || fail "parameters file not found: $parameters_file"
  parameters_file="$(cd "$(dirname "$parameters_file")" && pwd)/$(basename "$parameters_file")"
  parameter_args=(--parameters "@$parameters_file")
fi

# A string parameter's value from the parameters file ("" when absent).
parameter() {
  [ -n "$parameters_file" ] || return 0
  node -e '
    const file = require(process.argv[1]);
    const entry = (file.parameters || {})[process.argv[2]];
    process.stdout.write(entry && typeof entry.value === "string" ? entry.value : "");
  ' "$parameters_file" "$1"
}

telegram_token="$(parameter telegramBotToken)"
telegram_secret="$(parameter telegramWebhookSecret)"
if [ -n "$telegram_token" ]; then
  [[ "$telegram_token" =~ ^[0-9]+:[A-Za-z0-9_-]+$ ]] || fail "telegramBotToken does not look like a BotFather token (digits:letters)"
  [[ "$telegram_secret" =~ ^[A-Za-z0-9_-]{1,256}$ ]] || fail "telegramWebhookSecret is required with telegramBotToken: 1-256 characters of A-Z a-z 0-9 _ -"
fi

az account show --output none 2>/dev/null || fail "not logged in to Azure: run az login (and az account set --subscription <id>)"

if $what_if; then
  if [ "$(az group exists --name "$resource_group")" = "true" ]; then
    az deployment group what-if --resource-group "$resource_group" --name "$deployment_name" \
      --template-file "$template" "${parameter_args[@]}"
  else
    echo "Resource group $resource_group does not exist. It would be created in $location, with every resource of the template:"
    # shellcheck disable=SC2016 # ${...} is a JavaScript template literal, not shell.
    node -e '
      for (const r of require(process.argv[1]).resources) console.log(`  + ${r.type}${r.condition ? " (when its parameter is set)" : ""}`);
    ' "$template"
  fi
  echo "What-if only: nothing was created, built or uploaded."
  exit 0
fi

echo "==> Resource group $resource_group ($location)"
az group create --name "$resource_group" --location "$location" --output none

echo "==> Deploying $template"
outputs="$(az deployment group create --resource-group "$resource_group" --name "$deployment_name" \
  --template-file "$template" "${parameter_args[@]}" --query properties.outputs --output json)"

# One deployment output's value.
output() {
  # shellcheck disable=SC2016 # ${...} is a JavaScript template literal, not shell.
  node -e '
    const outputs = JSON.parse(process.argv[1] || "{}");
    const entry = outputs[process.argv[2]];
    if (!entry) { console.error(`deploy.sh: the deployment has no output ${process.argv[2]}`); process.exit(1); }
    process.stdout.write(String(entry.value));
  ' "$outputs" "$1"
}
app_name="$(output appName)"

echo "==> Building"
(cd "$root" && npm ci --no-audit --no-fund && npm run build)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/app"
mkdir -p "$stage"
cp -R "$root/dist" "$stage/dist"
cp "$root/package.json" "$root/package-lock.json" "$stage/"
# package.json's preinstall and prestart run these (the Node version check; `npm start` there runs
# what was built, as the package holds no sources).
mkdir -p "$stage/scripts" && cp "$root"/scripts/*.js "$stage/scripts/"
# The pages' static files (web chat, agent inbox) are read from channels/<name>/public at run time.
for page_dir in "$root"/channels/*/public; do
  channel_name="$(basename "$(dirname "$page_dir")")"
  mkdir -p "$stage/channels/$channel_name"
  cp -R "$page_dir" "$stage/channels/$channel_name/public"
done
(cd "$stage" && npm ci --omit=dev --no-audit --no-fund)
(cd "$stage" && zip -qr "$work/app.zip" .)

echo "==> Uploading to $app_name"
az webapp deploy --resource-group "$resource_group" --name "$app_name" --src-path "$work/app.zip" --type zip --output none

if [ -n "$telegram_token" ]; then
  webhook_url="$(output telegramWebhookUrl)"
  echo "==> Telegram webhook -> $webhook_url"
  # The token and secret go to curl on stdin, not on its command line (visible in ps).
  {
    printf 'url = "%s/bot%s/setWebhook"\n' "$telegram_api" "$telegram_token"
    printf 'header = "content-type: application/json"\n'
    printf 'data = "{\\"url\\":\\"%s\\",\\"secret_token\\":\\"%s\\",\\"allowed_updates\\":[\\"message\\",\\"callback_query\\"]}"\n' "$webhook_url" "$telegram_secret"
  } | curl --silent --show-error --fail --config - >/dev/null || fail "Telegram setWebhook failed (is the bot token right?)"
fi

cat <<DONE

Switchboard is deployed.
  Web chat:            $(output webChatUrl)
  Health:              $(output healthUrl)
  Metrics:             $(output metricsUrl)   (Bearer token: Key Vault $(output keyVaultName), secret metrics-token)
  Bot messaging:       $(output messagingEndpoint)   (Azure Bot $(output botName))
  Messenger webhook:   $(output messengerWebhookUrl)
  Telegram webhook:    ${webhook_url:-not configured}
  Application Insights: $(output appInsightsName)
DONE
