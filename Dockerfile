# One image for the bot, the worker and the migration step; docker-compose.yml picks the command.
FROM node:20-bookworm-slim

WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --ignore-scripts && npm run db:generate
COPY . .

USER node
CMD ["npm", "run", "bot"]
