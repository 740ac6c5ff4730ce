# mews-sim: offline simulator of the Mews Channel Manager and Connector APIs.
# Node 20: the major every test runs on (test/docker.test.ts checks they agree).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-slim
ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE ./
COPY scenarios ./scenarios
COPY ui ./ui
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/mews-sim-entrypoint
RUN mkdir -p /scenarios /worlds /journal /reports && chown node:node /journal /reports
# Inside the image the port is published on purpose: listen on every interface (outside it, 127.0.0.1).
ENV HOST=0.0.0.0
EXPOSE 8080
VOLUME ["/scenarios", "/worlds", "/journal", "/reports"]
HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/_sim/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Starts as root only to make bind-mounted /journal and /reports writable, then runs node as uid 1000,
# with npm start's node flags (smaller V8 semi-spaces: less memory under load at about the same speed).
ENTRYPOINT ["mews-sim-entrypoint", "node", "--max-semi-space-size=4", "dist/cli/main.js"]
CMD ["serve"]
