FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY bin ./bin
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY templates ./templates
COPY assets ./assets
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production RELANCE_HOME=/var/lib/relance
EXPOSE 3000
CMD ["node", "bin/relance.js", "serve"]
