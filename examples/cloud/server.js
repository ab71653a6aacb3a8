// The cloud: a minimal Express app that says which version it runs at GET /status.
// In production (NODE_ENV=production) the version comes from the VERSION environment
// variable, which the deploy sets from the image tag; elsewhere from package.json.
'use strict';
const express = require('express');
const pkg = require('./package.json');

const production = process.env.NODE_ENV === 'production';
const version = production && process.env.VERSION ? process.env.VERSION : pkg.version;

const app = express();
app.disable('x-powered-by');

app.get('/status', (req, res) => {
  res.json({ app: 'cloud', version, node: process.version, env: production ? 'production' : 'development' });
});

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || '127.0.0.1';
app.listen(port, host, (err) => {
  if (err) throw err;
  console.log(`cloud ${version} listening on http://${host}:${port}`);
});
