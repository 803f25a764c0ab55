# Switchboard for Azure Container Apps or App Service for Containers.
#   docker build -t switchboard . && docker run -p 3978:3978 --env-file .env switchboard

# --- build: compile TypeScript with the dev dependencies ---
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# package.json's preinstall checks the Node version with this script.
COPY scripts/check-node.js scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json index.ts ./
COPY scripts scripts
COPY bots bots
COPY channels channels
COPY dialogs dialogs
RUN npm run build

# --- runtime: production dependencies, compiled code (with the vendored Web Chat) and static files only ---
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3978 \
    HOST=0.0.0.0 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY package.json package-lock.json ./
# preinstall and prestart (npm start) run these; without sources in the image, npm start runs dist.
COPY scripts/*.js scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY channels/webchat/public ./channels/webchat/public
COPY channels/inbox/public ./channels/inbox/public
# The embedded store (STORAGE=file, the default) writes here; mount a volume to keep it, or use Cosmos DB.
RUN mkdir -p /app/.data && chown node:node /app/.data
VOLUME ["/app/.data"]
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# HOST falls back to all interfaces even when `--env-file .env` passes it empty (.env.example has
# HOST=), which would otherwise mean the local default, 127.0.0.1, unreachable through -p.
CMD ["sh", "-c", "HOST=\"${HOST:-0.0.0.0}\" exec node dist/scripts/switchboard.js start"]
