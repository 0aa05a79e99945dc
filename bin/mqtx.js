#!/usr/bin/env node
import '../dist/mqtx.js'
