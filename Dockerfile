# The webhook receiver's image, which metrics/ runs on Cloud Run (docs/production.md): this repository
# with its production dependencies only, running `doraform webhooks serve`.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production

# dependencies first, so a change to the code alone reuses this layer; the postinstall script skips
# GoogleSQL's analyzer (for the tests and `doraform lint`) in a production install
COPY package.json package-lock.json ./
COPY scripts/install-googlesql.mjs scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/doraform.js"]
CMD ["webhooks", "serve", "--host", "0.0.0.0", "--port", "8080"]
