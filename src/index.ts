import * as core from '@actions/core';
import { State } from './constants.js';
import { run } from './main.js';
import { runPost } from './post.js';

// action.yml runs this file as both `main` and `post`; the state saved by main distinguishes them.
await (core.getState(State.IsPost) === 'true' ? runPost() : run());
